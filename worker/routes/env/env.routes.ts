import { createRoute } from "@hono/zod-openapi";
import { requireProvider } from "../../auth/authenticate.ts";
import {
  EnvKeyParams,
  EnvQuery,
  EnvSchema,
  PatchEnvBody,
  ReplaceEnvBody,
  ServiceEnvKeyParams,
} from "../../contracts/api/env.ts";
import { ServiceParams } from "../../contracts/api/services.ts";
import { TenantParams } from "../../contracts/api/tenants.ts";
import { commonProblems } from "../../errors/schemas.ts";
import { IdempotencyHeaders, jsonBody, jsonContent } from "../../lib/openapi.ts";
import { idempotentPerOrganization } from "../../middleware/idempotency.ts";
import { redeployResponses } from "../tenants/tenants.routes.ts";

const SHARED = "/v1/tenants/{id}/env";
const OWN = "/v1/tenants/{id}/services/{name}/env";

const ROLLS =
  "Queues a deployment (trigger `env_change`) that rolls only the services whose effective " +
  "env changed, on the images they serve when the tenant's latest deployment is the one " +
  "serving (otherwise the whole tenant is built and deployed). Refused with 409 while " +
  "another deployment of the tenant is queued or running.";

type Params = typeof TenantParams | typeof ServiceParams;
type KeyParams = typeof EnvKeyParams | typeof ServiceEnvKeyParams;

const readEnv = <P extends Params>(path: string, params: P, operationId: string, whose: string) =>
  createRoute({
    method: "get",
    path,
    tags: ["env"],
    operationId,
    summary: `List ${whose} environment variables, masked`,
    description:
      "Values are masked. With `reveal=true` they are shown: that needs the `admin` scope and " +
      "writes an audit row naming the variables (never their values).",
    security: [{ provider: ["read"] }],
    middleware: [requireProvider("read")] as const,
    request: { params, query: EnvQuery },
    responses: { 200: jsonContent(EnvSchema, "The variables"), ...commonProblems },
  });

export const getTenantEnv = readEnv(SHARED, TenantParams, "getTenantEnv", "the tenant's shared");
export type GetTenantEnvRoute = typeof getTenantEnv;
export const getServiceEnv = readEnv(OWN, ServiceParams, "getServiceEnv", "a service's own");
export type GetServiceEnvRoute = typeof getServiceEnv;

const writeEnv = (path: string) => ({
  tags: ["env"],
  description: `${path === SHARED ? "Every service of the tenant gets these variables unless it sets the same name itself. " : "These override the tenant's shared variables of the same name. "}${ROLLS}`,
  security: [{ provider: ["write"] }],
  responses: redeployResponses("Accepted: the changed services are being rolled"),
});

export const replaceTenantEnv = createRoute({
  ...writeEnv(SHARED),
  method: "put",
  path: SHARED,
  middleware: [requireProvider("write"), idempotentPerOrganization] as const,
  operationId: "replaceTenantEnv",
  summary: "Replace the tenant's shared variables",
  request: { headers: IdempotencyHeaders, params: TenantParams, body: jsonBody(ReplaceEnvBody) },
});
export const patchTenantEnv = createRoute({
  ...writeEnv(SHARED),
  method: "patch",
  path: SHARED,
  middleware: [requireProvider("write"), idempotentPerOrganization] as const,
  operationId: "patchTenantEnv",
  summary: "Set or remove (null) some of the tenant's shared variables",
  request: { headers: IdempotencyHeaders, params: TenantParams, body: jsonBody(PatchEnvBody) },
});
export const replaceServiceEnv = createRoute({
  ...writeEnv(OWN),
  method: "put",
  path: OWN,
  middleware: [requireProvider("write"), idempotentPerOrganization] as const,
  operationId: "replaceServiceEnv",
  summary: "Replace a service's own variables",
  request: { headers: IdempotencyHeaders, params: ServiceParams, body: jsonBody(ReplaceEnvBody) },
});
export const patchServiceEnv = createRoute({
  ...writeEnv(OWN),
  method: "patch",
  path: OWN,
  middleware: [requireProvider("write"), idempotentPerOrganization] as const,
  operationId: "patchServiceEnv",
  summary: "Set or remove (null) some of a service's own variables",
  request: { headers: IdempotencyHeaders, params: ServiceParams, body: jsonBody(PatchEnvBody) },
});
export type ReplaceTenantEnvRoute = typeof replaceTenantEnv;
export type PatchTenantEnvRoute = typeof patchTenantEnv;
export type ReplaceServiceEnvRoute = typeof replaceServiceEnv;
export type PatchServiceEnvRoute = typeof patchServiceEnv;

const unsetEnv = <P extends KeyParams>(
  path: string,
  params: P,
  operationId: string,
  whose: string,
) =>
  createRoute({
    method: "delete",
    path,
    tags: ["env"],
    operationId,
    summary: `Remove one of ${whose} variables`,
    description: `404 when the variable is not set. ${ROLLS}`,
    security: [{ provider: ["write"] }],
    middleware: [requireProvider("write")] as const,
    request: { params },
    responses: redeployResponses("Accepted: the changed services are being rolled"),
  });

export const unsetTenantEnv = unsetEnv(
  `${SHARED}/{key}`,
  EnvKeyParams,
  "unsetTenantEnv",
  "the tenant's shared",
);
export type UnsetTenantEnvRoute = typeof unsetTenantEnv;
export const unsetServiceEnv = unsetEnv(
  `${OWN}/{key}`,
  ServiceEnvKeyParams,
  "unsetServiceEnv",
  "a service's own",
);
export type UnsetServiceEnvRoute = typeof unsetServiceEnv;
