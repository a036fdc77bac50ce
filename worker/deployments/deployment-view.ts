import {
  type DeploymentResult,
  DeploymentResultSchema,
  type DeploymentView,
} from "../contracts/api/deployments.ts";
import type { deployments } from "../db/schema.ts";

export const deploymentLinks = (id: string) => ({
  events: `/v1/deployments/${id}/events`,
  ws: `/v1/deployments/${id}/ws`,
});

/**
 * The runner's report as the API types it. A field it reported in another shape (a runner of an
 * older version) is left out rather than shown as something it is not.
 */
function resultView(result: Record<string, unknown>): DeploymentResult {
  const fields = DeploymentResultSchema.shape;
  return Object.fromEntries(
    Object.entries(result).filter(
      ([name, value]) =>
        !Object.hasOwn(fields, name) ||
        fields[name as keyof typeof fields].safeParse(value).success,
    ),
  );
}

export const deploymentView = (row: typeof deployments.$inferSelect): DeploymentView => ({
  id: row.id,
  tenantId: row.tenantId,
  kind: row.kind,
  trigger: row.trigger,
  rollbackOf: row.rollbackOf,
  status: row.status,
  attempt: row.attempt,
  statusReason: row.statusReason,
  failedStage: row.failedStage,
  result: row.result === null ? null : resultView(row.result),
  rollout: row.rollout,
  createdAt: row.createdAt,
  startedAt: row.startedAt,
  finishedAt: row.finishedAt,
  updatedAt: row.updatedAt,
  links: deploymentLinks(row.id),
});
