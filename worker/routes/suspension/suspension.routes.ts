import { createRoute } from "@hono/zod-openapi";
import { requireProvider } from "../../auth/authenticate.ts";
import { TenantParams } from "../../contracts/api/tenants.ts";
import { problemSpec } from "../../errors/schemas.ts";
import { IdempotencyHeaders } from "../../lib/openapi.ts";
import { idempotentPerOrganization } from "../../middleware/idempotency.ts";
import { redeployResponses } from "../tenants/tenants.routes.ts";

export const suspend = createRoute({
  method: "post",
  path: "/v1/tenants/{id}/suspend",
  tags: ["tenants"],
  operationId: "suspendTenant",
  summary: "Suspend a tenant: scale it to zero and show its hosts a suspended page",
  description:
    "Starts a deployment (trigger `suspend`) that records each workload's replica count, " +
    "scales every Deployment and the database StatefulSet to zero (CronJobs are suspended), " +
    "keeps volumes and data, and routes the tenant's hosts to a static responder that answers " +
    "HTTP 503 with the page configured in platform config (`suspension.page`). Once it is " +
    "ready the tenant is `suspended` and the `tenant.suspended` webhook event is sent. While " +
    "suspended, redeploys, rollbacks and service, env or plan changes are refused with 409.",
  security: [{ provider: ["write"] }],
  middleware: [requireProvider("write"), idempotentPerOrganization] as const,
  request: { headers: IdempotencyHeaders, params: TenantParams },
  responses: {
    ...redeployResponses("Accepted: the tenant is being suspended"),
    409: problemSpec("The tenant is not active, or another deployment is in progress"),
  },
});
export type SuspendRoute = typeof suspend;

export const resume = createRoute({
  method: "post",
  path: "/v1/tenants/{id}/resume",
  tags: ["tenants"],
  operationId: "resumeTenant",
  summary: "Resume a suspended tenant",
  description:
    "Starts a deployment (trigger `resume`) that scales every workload back to the replica " +
    "count recorded when it was suspended, resumes its CronJobs, routes its hosts to the " +
    "tenant again and waits for its services to be healthy. Once it is ready the tenant is " +
    "`active` (`tenant.ready` is sent); if it fails, the tenant stays `suspended`.",
  security: [{ provider: ["write"] }],
  middleware: [requireProvider("write"), idempotentPerOrganization] as const,
  request: { headers: IdempotencyHeaders, params: TenantParams },
  responses: {
    ...redeployResponses("Accepted: the tenant is being resumed"),
    409: problemSpec("The tenant is not suspended, or another deployment is in progress"),
  },
});
export type ResumeRoute = typeof resume;
