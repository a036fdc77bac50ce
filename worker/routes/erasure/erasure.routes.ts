import { createRoute } from "@hono/zod-openapi";
import { requireProvider } from "../../auth/authenticate.ts";
import { ErasureSchema } from "../../contracts/api/backups.ts";
import { TenantParams } from "../../contracts/api/tenants.ts";
import { commonProblems, problemSpec } from "../../errors/schemas.ts";
import { jsonContent } from "../../lib/openapi.ts";

export const getOne = createRoute({
  method: "get",
  path: "/v1/tenants/{id}/erasure",
  tags: ["tenants"],
  operationId: "getTenantErasure",
  summary: "The receipt of a deleted tenant's erasure",
  description:
    "`DELETE /v1/tenants/{id}` ends as an erasure: the runner removes the namespace (with its " +
    "volumes, certificates and secrets), the build objects and the images; the edge then " +
    "deletes the tenant's backups, clears its env values and destroys its data key. The " +
    "receipt lists each with a count and a time. Address a deleted tenant by its id.",
  security: [{ provider: ["read"] }],
  middleware: [requireProvider("read")] as const,
  request: { params: TenantParams },
  responses: {
    200: jsonContent(ErasureSchema, "The erasure receipt"),
    ...commonProblems,
    409: problemSpec("The tenant has not been erased (yet)"),
  },
});
export type GetOneRoute = typeof getOne;
