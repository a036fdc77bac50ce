import { eq } from "drizzle-orm";
import { ALL_WEBHOOK_EVENTS, type WebhookEventFilter } from "../contracts/index.ts";
import type { Database } from "../db/client.ts";
import { organizations } from "../db/schema.ts";

/**
 * The events of a webhook being created: the ones its request names, else its organization's
 * `webhookDefaults.events`, else every event.
 */
export async function webhookEventsFor(
  db: Database,
  organizationId: string,
  requested: WebhookEventFilter[] | undefined,
): Promise<WebhookEventFilter[]> {
  if (requested) return requested;
  const [row] = await db
    .select({ defaults: organizations.webhookDefaults })
    .from(organizations)
    .where(eq(organizations.id, organizationId))
    .limit(1);
  return row?.defaults.events ?? [ALL_WEBHOOK_EVENTS];
}
