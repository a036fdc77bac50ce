import { bearer, JWT_ISSUER, request, signUserJwt, type TestOrg } from "../harness.ts";

export interface Member {
  id: string;
  issuer: string;
  subject: string;
  email: string | null;
  role: "viewer" | "developer" | "admin";
}

export const subjectOf = (name: string) => `${name}-${crypto.randomUUID()}`;

/** Adds `subject` to the organization through its admin key. */
export async function addMember(org: TestOrg, subject: string, role: Member["role"]) {
  const res = await request("/v1/organization/members", {
    method: "POST",
    headers: org.headers,
    json: { subject, role },
  });
  if (res.status !== 201) throw new Error(`addMember: ${res.status} ${await res.text()}`);
  return (await res.json()) as Member;
}

/** The Authorization header of a token for `subject` (its organization claim: `orgId`). */
export const userHeaders = async (subject: string, orgId = "") =>
  bearer(await signUserJwt({ subject, orgId, claims: orgId ? {} : { org_id: undefined } }));

export const memberPath = (subject: string) =>
  `/v1/organization/members/${encodeURIComponent(subject)}`;

export { JWT_ISSUER };
