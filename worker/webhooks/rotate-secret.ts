import { eq } from "drizzle-orm";
import { auditInsert, principalAudit } from "../db/audit.ts";
import { loadPlatformConfig } from "../db/platform-config.ts";
import { webhooks } from "../db/schema.ts";
import type { ProviderScope } from "../lib/request-scope.ts";
import { addSeconds, nowIso } from "../lib/time.ts";
import { findOwnedWebhook } from "./find-webhook.ts";
import { newSigningSecret, sealSecret } from "./signing-secret.ts";
import { webhookView } from "./webhook-view.ts";

/**
 * A new signing secret, shown once. The current one keeps signing beside it for the overlap
 * (`overlapHours`, else the platform's default), so receivers can switch without dropping a
 * delivery; a secret still overlapping from an earlier rotation stops signing now.
 */
export async function rotateSecret(
  { env, db, principal, requestId }: ProviderScope,
  id: string,
  overlapHours: number | undefined,
) {
  const row = await findOwnedWebhook(db, principal.organizationId, id);
  const hours = overlapHours ?? (await loadPlatformConfig(db)).webhooks.secretOverlapHours;
  const secret = newSigningSecret();
  const now = nowIso();
  const [[updated]] = await db.batch([
    db
      .update(webhooks)
      .set({
        secretCiphertext: await sealSecret(env, row, secret),
        previousSecretCiphertext: hours > 0 ? row.secretCiphertext : null,
        previousSecretExpiresAt: hours > 0 ? addSeconds(now, hours * 3600) : null,
        secretRotatedAt: now,
        updatedAt: now,
      })
      .where(eq(webhooks.id, row.id))
      .returning(),
    auditInsert(
      db,
      principalAudit(principal, requestId, "webhook.rotate_secret", "webhook", row.id, {
        overlapHours: hours,
      }),
    ),
  ]);
  return { webhook: webhookView(updated ?? row), secret };
}
