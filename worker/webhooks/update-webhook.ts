import { eq } from "drizzle-orm";
import type { UpdateWebhookBody } from "../contracts/api/webhooks.ts";
import { auditInsert, principalAudit } from "../db/audit.ts";
import { webhooks } from "../db/schema.ts";
import type { ProviderScope } from "../lib/request-scope.ts";
import { nowIso } from "../lib/time.ts";
import { assertDeliverableUrl } from "./assert-target.ts";
import { findOwnedWebhook } from "./find-webhook.ts";
import { webhookView } from "./webhook-view.ts";

export const DISABLED_BY_REQUEST = "Disabled by a request";

/**
 * Changes what was sent. Disabling records who asked; enabling a webhook, even one the
 * failures disabled, clears the reason and the failure streak.
 */
export async function updateWebhook(
  { env, db, principal, requestId }: ProviderScope,
  id: string,
  body: UpdateWebhookBody,
) {
  const row = await findOwnedWebhook(db, principal.organizationId, id);
  if (body.url !== undefined) await assertDeliverableUrl(env, db, body.url);
  const now = nowIso();
  const changes: Partial<typeof webhooks.$inferInsert> = { updatedAt: now };
  if (body.url !== undefined) changes.url = body.url;
  if (body.events !== undefined) changes.events = [...new Set(body.events)];
  if (body.description !== undefined) changes.description = body.description;
  if (body.enabled === true && !row.enabled) {
    Object.assign(changes, {
      enabled: true,
      disabledReason: null,
      disabledAt: null,
      consecutiveFailures: 0,
    });
  }
  if (body.enabled === false && row.enabled) {
    Object.assign(changes, {
      enabled: false,
      disabledReason: DISABLED_BY_REQUEST,
      disabledAt: now,
    });
  }
  const [[updated]] = await db.batch([
    db.update(webhooks).set(changes).where(eq(webhooks.id, row.id)).returning(),
    auditInsert(
      db,
      principalAudit(principal, requestId, "webhook.update", "webhook", row.id, {
        fields: Object.keys(body),
      }),
    ),
  ]);
  return webhookView(updated ?? row);
}
