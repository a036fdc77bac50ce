import { createRoute } from "@hono/zod-openapi";
import { requireProvider } from "../../auth/authenticate.ts";
import { AddDatabaseBody, DatabaseQuery, DatabaseSchema } from "../../contracts/api/database.ts";
import { TenantParams } from "../../contracts/api/tenants.ts";
import { commonProblems } from "../../errors/schemas.ts";
import { IdempotencyHeaders, jsonBody, jsonContent } from "../../lib/openapi.ts";
import { idempotentPerOrganization } from "../../middleware/idempotency.ts";
import { redeployResponses } from "../tenants/tenants.routes.ts";

const tags = ["database"];
const PATH = "/v1/tenants/{id}/database";

export const get = createRoute({
  method: "get",
  path: PATH,
  tags,
  operationId: "getDatabase",
  summary: "Read the tenant's database; its credentials only when revealed",
  description:
    "With `reveal=true` the credentials and connection URLs are included: that needs the `admin` scope and writes an audit row (never the password).",
  security: [{ provider: ["read"] }],
  middleware: [requireProvider("read")] as const,
  request: { params: TenantParams, query: DatabaseQuery },
  responses: { 200: jsonContent(DatabaseSchema, "The database"), ...commonProblems },
});
export type GetRoute = typeof get;

export const add = createRoute({
  method: "post",
  path: PATH,
  tags,
  operationId: "addDatabase",
  summary: "Add a database to a tenant that has none",
  description:
    "Queues a deployment (trigger `database_add`) that creates the database and rolls every service with `DATABASE_URL`. 409 when the tenant has a database or another deployment is in progress.",
  security: [{ provider: ["write"] }],
  middleware: [requireProvider("write"), idempotentPerOrganization] as const,
  request: { headers: IdempotencyHeaders, params: TenantParams, body: jsonBody(AddDatabaseBody) },
  responses: redeployResponses("Accepted: the database is being created"),
});
export type AddRoute = typeof add;

export const rotatePassword = createRoute({
  method: "post",
  path: `${PATH}/rotate-password`,
  tags,
  operationId: "rotateDatabasePassword",
  summary: "Give the database user a new password",
  description:
    "Queues a deployment (trigger `database_rotate`) that changes the password in the running engine, then rolls every service onto the new `DATABASE_URL`; the old password stops working.",
  security: [{ provider: ["write"] }],
  middleware: [requireProvider("write"), idempotentPerOrganization] as const,
  request: { headers: IdempotencyHeaders, params: TenantParams },
  responses: redeployResponses("Accepted: the password is being changed"),
});
export type RotatePasswordRoute = typeof rotatePassword;
