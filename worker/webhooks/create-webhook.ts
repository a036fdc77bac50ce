import type { z } from "@hono/zod-openapi";
import type { CreateWebhookBody } from "../contracts/api/webhooks.ts";
import { auditInsert, principalAudit } from "../db/audit.ts";
import { webhooks } from "../db/schema.ts";
import { newId } from "../lib/ids.ts";
import type { ProviderScope } from "../lib/request-scope.ts";
import { nowIso } from "../lib/time.ts";
import { webhookEventsFor } from "../organization/webhook-defaults.ts";
import { assertDeliverableUrl } from "./assert-target.ts";
import { newSigningSecret, sealFirstSecret } from "./signing-secret.ts";
import { webhookView } from "./webhook-view.ts";

/** The webhook and its signing secret, which this answer is the only one to show. */
export async function createWebhook(
  { env, db, principal, requestId }: ProviderScope,
  body: z.infer<typeof CreateWebhookBody>,
) {
  await assertDeliverableUrl(env, db, body.url);
  const events = await webhookEventsFor(db, principal.organizationId, body.events);
  const id = newId("webhook");
  const secret = newSigningSecret();
  const sealed = await sealFirstSecret(
    env,
    { id, organizationId: principal.organizationId },
    secret,
  );
  const now = nowIso();
  const [[row]] = await db.batch([
    db
      .insert(webhooks)
      .values({
        id,
        organizationId: principal.organizationId,
        url: body.url,
        description: body.description ?? null,
        events: [...new Set(events)],
        enabled: true,
        ...sealed,
        createdAt: now,
        updatedAt: now,
      })
      .returning(),
    auditInsert(
      db,
      principalAudit(principal, requestId, "webhook.create", "webhook", id, {
        url: body.url,
        events,
      }),
    ),
  ]);
  if (!row) throw new Error("webhook insert returned no row");
  return { webhook: webhookView(row), secret };
}
