import { and, eq } from "drizzle-orm";
import type { Database } from "../db/client.ts";
import { webhooks } from "../db/schema.ts";
import { notFound } from "../errors/api-error.ts";

/** Another organization's webhook is the same 404 as a missing one. */
export async function findOwnedWebhook(db: Database, organizationId: string, id: string) {
  const [row] = await db
    .select()
    .from(webhooks)
    .where(and(eq(webhooks.id, id), eq(webhooks.organizationId, organizationId)))
    .limit(1);
  if (!row) throw notFound("Webhook");
  return row;
}
