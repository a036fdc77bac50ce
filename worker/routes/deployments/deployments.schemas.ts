import { z } from "@hono/zod-openapi";
import { DeploymentId } from "../../contracts/index.ts";
import {
  DEPLOYMENT_KINDS,
  DEPLOYMENT_STATUSES,
  DEPLOYMENT_TRIGGERS,
  type deployments,
} from "../../db/schema.ts";

export const DeploymentLinksSchema = z
  .object({ events: z.string(), ws: z.string() })
  .openapi("DeploymentLinks", {
    description: "Progress streams of the deployment (SSE, WebSocket)",
  });

export const DeploymentSchema = z
  .object({
    id: DeploymentId.openapi({ example: "dep_0123456789abcdefghjk" }),
    tenantId: z.string(),
    kind: z.enum(DEPLOYMENT_KINDS),
    trigger: z.enum(DEPLOYMENT_TRIGGERS).openapi({
      description:
        "Why the deployment happened: the tenant's creation, a redeploy, a plan change, a service change or its deletion",
    }),
    status: z.enum(DEPLOYMENT_STATUSES),
    attempt: z.number().int(),
    statusReason: z.string().nullable(),
    failedStage: z.string().nullable(),
    result: z.record(z.string(), z.unknown()).nullable(),
    createdAt: z.string(),
    startedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
    updatedAt: z.string(),
    links: DeploymentLinksSchema,
  })
  .openapi("Deployment");
export type DeploymentView = z.infer<typeof DeploymentSchema>;

export const deploymentLinks = (id: string) => ({
  events: `/v1/deployments/${id}/events`,
  ws: `/v1/deployments/${id}/ws`,
});

export const deploymentView = (row: typeof deployments.$inferSelect): DeploymentView => ({
  id: row.id,
  tenantId: row.tenantId,
  kind: row.kind,
  trigger: row.trigger,
  status: row.status,
  attempt: row.attempt,
  statusReason: row.statusReason,
  failedStage: row.failedStage,
  result: row.result,
  createdAt: row.createdAt,
  startedAt: row.startedAt,
  finishedAt: row.finishedAt,
  updatedAt: row.updatedAt,
  links: deploymentLinks(row.id),
});
