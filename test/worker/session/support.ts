import { BASE_URL, bearer, OPERATOR_TOKEN, request } from "../harness.ts";

export const ORIGIN = new URL(BASE_URL).origin;

/** The session cookie a response sets, as `name=value`, and its attributes. */
export function sessionCookie(res: Response): { pair: string; attributes: string } | null {
  const header = res.headers.getSetCookie().find((cookie) => cookie.startsWith("enclave_session="));
  if (!header) return null;
  const [pair = "", ...attributes] = header.split(";").map((part) => part.trim());
  return { pair, attributes: attributes.join("; ") };
}

/** Headers of a request from the dashboard's page: the cookie and this origin, no bearer. */
export const fromDashboard = (cookie: string) => ({ cookie, origin: ORIGIN });

export async function createDevelopmentOrganization(): Promise<string> {
  const res = await request("/v1/admin/organizations", {
    method: "POST",
    headers: bearer(OPERATOR_TOKEN),
    json: { name: "Development" },
  });
  const body = (await res.json()) as { organization: { id: string } };
  return body.organization.id;
}
