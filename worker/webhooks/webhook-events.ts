import type { WebhookEventType, WebhookMessage } from "../contracts/index.ts";
import type { deployments, tenants } from "../db/schema.ts";
import { base32Of } from "../lib/ids.ts";
import { nowIso } from "../lib/time.ts";

export type FanOutMessage = Extract<WebhookMessage, { type: "fan-out" }>;

/**
 * Lifecycle events have an id derived from what happened (`tenant.ready` of deployment X):
 * the same transition reported twice (a retried write-back) is the same event, which the
 * fan-out stores once and receivers dedupe on.
 */
async function eventIdOf(type: string, subject: string): Promise<string> {
  const digest = await crypto.subtle.digest(
    "SHA-256",
    new TextEncoder().encode(`${type}\n${subject}`),
  );
  return `evt_${base32Of(new Uint8Array(digest), 20)}`;
}

export async function lifecycleEvent(
  organizationId: string,
  type: WebhookEventType,
  subject: string,
  data: Record<string, unknown>,
): Promise<FanOutMessage> {
  return {
    type: "fan-out",
    organizationId,
    event: { id: await eventIdOf(type, subject), type, createdAt: nowIso(), data },
  };
}

type TenantRow = typeof tenants.$inferSelect;
type DeploymentRow = typeof deployments.$inferSelect;

/** What receivers learn of a tenant: its identity and status, never its secrets. */
export const tenantData = (row: TenantRow) => ({
  id: row.id,
  name: row.name,
  slug: row.slug,
  plan: row.plan,
  status: row.status,
  statusReason: row.statusReason,
  labels: row.labels,
});

export const deploymentData = (row: DeploymentRow) => ({
  id: row.id,
  tenantId: row.tenantId,
  kind: row.kind,
  trigger: row.trigger,
  status: row.status,
  attempt: row.attempt,
  statusReason: row.statusReason,
  failedStage: row.failedStage,
  startedAt: row.startedAt,
  finishedAt: row.finishedAt,
});
