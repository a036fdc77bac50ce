import type { DeploymentView } from "../contracts/api/deployments.ts";
import type { deployments } from "../db/schema.ts";

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
  rollout: row.rollout,
  createdAt: row.createdAt,
  startedAt: row.startedAt,
  finishedAt: row.finishedAt,
  updatedAt: row.updatedAt,
  links: deploymentLinks(row.id),
});
