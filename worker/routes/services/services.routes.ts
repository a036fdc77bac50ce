import { createRoute } from "@hono/zod-openapi";
import { requireProvider } from "../../auth/authenticate.ts";
import {
  CreateServiceBody,
  ScaleServiceBody,
  ServiceListSchema,
  ServiceParams,
  UpdateServiceBody,
} from "../../contracts/api/services.ts";
import { ServiceSchema, TenantParams } from "../../contracts/api/tenants.ts";
import { commonProblems, problemSpec } from "../../errors/schemas.ts";
import { IdempotencyHeaders, jsonBody, jsonContent } from "../../lib/openapi.ts";
import { idempotentPerOrganization } from "../../middleware/idempotency.ts";
import { redeployResponses } from "../tenants/tenants.routes.ts";

const COLLECTION = "/v1/tenants/{id}/services";
const ONE = "/v1/tenants/{id}/services/{name}";

const QUEUES =
  "Queues a deployment of the tenant, in the same request; refused with 409 while another " +
  "deployment of the tenant is queued or running, or once it is deleted.";

/** A write that may not fit the plan: 422 is a reused Idempotency-Key or a plan limit. */
const limitedResponses = (accepted: string) => ({
  ...redeployResponses(accepted),
  422: problemSpec(
    "Idempotency-Key reused with a different body, or the plan's limits exceeded (`plan_limit_exceeded`)",
  ),
});

const write = { tags: ["services"], security: [{ provider: ["write"] }] };

export const list = createRoute({
  method: "get",
  path: COLLECTION,
  tags: ["services"],
  operationId: "listServices",
  summary: "List a tenant's services",
  description: "In deploy order; the first public service is the one at `<slug>.<base domain>`.",
  security: [{ provider: ["read"] }],
  middleware: [requireProvider("read")] as const,
  request: { params: TenantParams },
  responses: { 200: jsonContent(ServiceListSchema, "The services"), ...commonProblems },
});
export type ListRoute = typeof list;

export const getOne = createRoute({
  method: "get",
  path: ONE,
  tags: ["services"],
  operationId: "getService",
  summary: "Get a service",
  security: [{ provider: ["read"] }],
  middleware: [requireProvider("read")] as const,
  request: { params: ServiceParams },
  responses: { 200: jsonContent(ServiceSchema, "The service"), ...commonProblems },
});
export type GetOneRoute = typeof getOne;

export const create = createRoute({
  ...write,
  middleware: [requireProvider("write"), idempotentPerOrganization] as const,
  method: "post",
  path: COLLECTION,
  operationId: "createService",
  summary: "Add a service to a tenant",
  description:
    "Validated as on tenant create. The deployment builds the service and rolls every other " +
    `service, whose \`ENCLAVE_SERVICE_<NAME>_URL\` variables change. ${QUEUES}`,
  request: { headers: IdempotencyHeaders, params: TenantParams, body: jsonBody(CreateServiceBody) },
  responses: limitedResponses("Accepted: the service is being added"),
});
export type CreateRoute = typeof create;

export const update = createRoute({
  ...write,
  middleware: [requireProvider("write"), idempotentPerOrganization] as const,
  method: "patch",
  path: ONE,
  operationId: "updateService",
  summary: "Change a service and redeploy the tenant",
  description:
    "Changes the service's source, port, health path, public flag, schedule, command, release " +
    "command or env (validated as on create) and starts a deployment that brings them to the " +
    "cluster, in the same request. Refused with 409 while another deployment of the tenant is " +
    "queued or running, while it is suspended, or once it is deleted.",
  request: {
    headers: IdempotencyHeaders,
    params: ServiceParams,
    body: jsonBody(UpdateServiceBody),
  },
  responses: redeployResponses("Accepted: the tenant is being redeployed"),
});
export type UpdateRoute = typeof update;

export const remove = createRoute({
  ...write,
  middleware: [requireProvider("write"), idempotentPerOrganization] as const,
  method: "delete",
  path: ONE,
  operationId: "deleteService",
  summary: "Remove a service from a tenant",
  description:
    "The deployment removes its workload, Service, env Secret and host, and rolls the other " +
    `services without its URL. The tenant's only service cannot be removed. ${QUEUES}`,
  request: { headers: IdempotencyHeaders, params: ServiceParams },
  responses: redeployResponses("Accepted: the service is being removed"),
});
export type RemoveRoute = typeof remove;

export const scale = createRoute({
  ...write,
  middleware: [requireProvider("write"), idempotentPerOrganization] as const,
  method: "post",
  path: `${ONE}/scale`,
  operationId: "scaleService",
  summary: "Set how many pods a service runs",
  description:
    "Within the plan's `replicas` and pods (with room for a rollout's extra pod); 0 stops the " +
    "service. Only this service is rolled, on the image it serves: nothing is detected or " +
    `built. ${QUEUES}`,
  request: { headers: IdempotencyHeaders, params: ServiceParams, body: jsonBody(ScaleServiceBody) },
  responses: limitedResponses("Accepted: the service is being scaled"),
});
export type ScaleRoute = typeof scale;

export const restart = createRoute({
  ...write,
  middleware: [requireProvider("write"), idempotentPerOrganization] as const,
  method: "post",
  path: `${ONE}/restart`,
  operationId: "restartService",
  summary: "Restart a service's pods without a rebuild",
  description:
    "A rolling restart, as `kubectl rollout restart`: the pod template's " +
    "`kubectl.kubernetes.io/restartedAt` annotation changes, so new pods of the same image " +
    `replace the old ones one at a time. ${QUEUES}`,
  request: { headers: IdempotencyHeaders, params: ServiceParams },
  responses: redeployResponses("Accepted: the service is being restarted"),
});
export type RestartRoute = typeof restart;
