import { expect } from "vitest";
import { request, type TestOrg } from "../harness.ts";

export const GIT_TOKEN = "ghp_credential-token-0123456789";
export const REGISTRY_PASSWORD = "registry-pa55word-0123456789";
/** Secret values the tests set: none may ever come back outside the runner's spec. */
export const SECRETS = [GIT_TOKEN, REGISTRY_PASSWORD];

export const gitCredential = (overrides: Record<string, unknown> = {}) => ({
  kind: "git",
  name: "github-deploy",
  host: "github.com",
  token: GIT_TOKEN,
  ...overrides,
});

export const registryCredential = (overrides: Record<string, unknown> = {}) => ({
  kind: "registry",
  name: "ghcr",
  server: "ghcr.io",
  username: "acme-bot",
  password: REGISTRY_PASSWORD,
  ...overrides,
});

export const credentialsPath = (tenantId: string, credentialId?: string) =>
  `/v1/tenants/${tenantId}/credentials${credentialId ? `/${credentialId}` : ""}`;

export async function addCredential(
  org: Pick<TestOrg, "headers">,
  tenantId: string,
  body: Record<string, unknown>,
) {
  const res = await request(credentialsPath(tenantId), {
    method: "POST",
    headers: org.headers,
    json: body,
  });
  return res;
}

export const expectNoSecret = (text: string) => {
  for (const secret of SECRETS) expect(text).not.toContain(secret);
};
