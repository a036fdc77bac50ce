import { createRoute } from "@hono/zod-openapi";
import { requireProvider } from "../../auth/authenticate.ts";
import { ServiceParams, UpdateServiceBody } from "../../contracts/api/services.ts";
import { IdempotencyHeaders, jsonBody } from "../../lib/openapi.ts";
import { idempotentPerOrganization } from "../../middleware/idempotency.ts";
import { redeployResponses } from "../tenants/tenants.routes.ts";

export const update = createRoute({
  method: "patch",
  path: "/v1/tenants/{id}/services/{name}",
  tags: ["services"],
  operationId: "updateService",
  summary: "Change a service and redeploy the tenant",
  description:
    "Changes the service's source, port, health path, release command or env (validated as on " +
    "create) and starts a deployment that brings them to the cluster, in the same request. " +
    "Refused with 409 while another deployment of the tenant is queued or running, while it " +
    "is suspended, or once it is deleted.",
  security: [{ provider: ["write"] }],
  middleware: [requireProvider("write"), idempotentPerOrganization] as const,
  request: {
    headers: IdempotencyHeaders,
    params: ServiceParams,
    body: jsonBody(UpdateServiceBody),
  },
  responses: redeployResponses("Accepted: the tenant is being redeployed"),
});
export type UpdateRoute = typeof update;
