import { createRoute } from "@hono/zod-openapi";
import { requireProvider } from "../../auth/authenticate.ts";
import {
  CreateCredentialBody,
  CredentialChangeSchema,
  CredentialListSchema,
  CredentialParams,
} from "../../contracts/api/credentials.ts";
import { TenantParams } from "../../contracts/api/tenants.ts";
import { commonProblems, problemSpec } from "../../errors/schemas.ts";
import { jsonBody, jsonContent } from "../../lib/openapi.ts";

const tags = ["credentials"];
const PATH = "/v1/tenants/{id}/credentials";
const APPLIES =
  "The cluster sees the change with the tenant's next deployment (a redeploy, an env or service change); this call queues none.";

export const list = createRoute({
  method: "get",
  path: PATH,
  tags,
  operationId: "listCredentials",
  summary: "List the tenant's private-source credentials (never their secrets)",
  security: [{ provider: ["read"] }],
  middleware: [requireProvider("read")] as const,
  request: { params: TenantParams },
  responses: { 200: jsonContent(CredentialListSchema, "The credentials"), ...commonProblems },
});
export type ListRoute = typeof list;

// The body carries a secret, so the call takes no Idempotency-Key: a replayable answer would
// store the request. A retried create finds the name taken (409).
export const create = createRoute({
  method: "post",
  path: PATH,
  tags,
  operationId: "createCredential",
  summary: "Add a git token or an image registry login to the tenant",
  description: `The secret is sealed with the tenant's data key and never returned. ${APPLIES}`,
  security: [{ provider: ["write"] }],
  middleware: [requireProvider("write")] as const,
  request: { params: TenantParams, body: jsonBody(CreateCredentialBody) },
  responses: {
    201: jsonContent(CredentialChangeSchema, "The credential"),
    ...commonProblems,
    409: problemSpec("The tenant already has a credential of that name, or is being deleted"),
  },
});
export type CreateRoute = typeof create;

export const remove = createRoute({
  method: "delete",
  path: `${PATH}/{credentialId}`,
  tags,
  operationId: "deleteCredential",
  summary: "Remove a credential from the tenant",
  description: APPLIES,
  security: [{ provider: ["write"] }],
  middleware: [requireProvider("write")] as const,
  request: { params: CredentialParams },
  responses: {
    200: jsonContent(CredentialChangeSchema, "The removed credential"),
    ...commonProblems,
  },
});
export type RemoveRoute = typeof remove;
