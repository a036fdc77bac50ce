import { WEBHOOK_TEST_EVENT } from "../contracts/index.ts";
import { loadPlatformConfig } from "../db/platform-config.ts";
import { webhookEvents } from "../db/schema.ts";
import { newId } from "../lib/ids.ts";
import type { ProviderScope } from "../lib/request-scope.ts";
import { nowIso } from "../lib/time.ts";
import { attemptDelivery } from "./attempt-delivery.ts";
import { findOwnedWebhook } from "./find-webhook.ts";

/**
 * Sends a `webhook.test` event now, once, and answers with the attempt, so a provider sees at
 * once whether its receiver verifies and answers. It is recorded like any delivery but is not
 * retried and leaves the failure streak alone: only real deliveries can disable a webhook.
 */
export async function testWebhook({ env, db, principal }: ProviderScope, id: string) {
  const webhook = await findOwnedWebhook(db, principal.organizationId, id);
  const createdAt = nowIso();
  const eventId = newId("webhookEvent");
  const payload = {
    id: eventId,
    type: WEBHOOK_TEST_EVENT,
    createdAt,
    data: { webhook: { id: webhook.id, url: webhook.url } },
  };
  const [event] = await db
    .insert(webhookEvents)
    .values({
      id: eventId,
      organizationId: principal.organizationId,
      type: WEBHOOK_TEST_EVENT,
      payload,
      fannedOutAt: createdAt,
      createdAt,
    })
    .returning();
  if (!event) throw new Error("webhook event insert returned no row");
  const { webhooks: config } = await loadPlatformConfig(db);
  return attemptDelivery(env, db, config, webhook, event, 1);
}
