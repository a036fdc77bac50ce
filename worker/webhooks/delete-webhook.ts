import { eq } from "drizzle-orm";
import { auditInsert, principalAudit } from "../db/audit.ts";
import { webhookDeliveries, webhooks } from "../db/schema.ts";
import type { ProviderScope } from "../lib/request-scope.ts";
import { findOwnedWebhook } from "./find-webhook.ts";
import { webhookView } from "./webhook-view.ts";

/** The webhook, its sealed secrets and its delivery history go; queued deliveries find nothing. */
export async function deleteWebhook({ db, principal, requestId }: ProviderScope, id: string) {
  const row = await findOwnedWebhook(db, principal.organizationId, id);
  await db.batch([
    db.delete(webhookDeliveries).where(eq(webhookDeliveries.webhookId, row.id)),
    db.delete(webhooks).where(eq(webhooks.id, row.id)),
    auditInsert(db, principalAudit(principal, requestId, "webhook.delete", "webhook", row.id)),
  ]);
  return webhookView(row);
}
