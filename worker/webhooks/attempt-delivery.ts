import { type PlatformConfig, WEBHOOK_HEADERS } from "../contracts/index.ts";
import type { Database } from "../db/client.ts";
import { webhookDeliveries, type webhookEvents, type webhooks } from "../db/schema.ts";
import type { Env } from "../env.ts";
import { newId } from "../lib/ids.ts";
import { nowIso } from "../lib/time.ts";
import { signatureHeader } from "./signature.ts";
import { signingSecrets } from "./signing-secret.ts";
import { targetRefusal } from "./target-url.ts";

export type WebhookRow = typeof webhooks.$inferSelect;
export type WebhookEventRow = typeof webhookEvents.$inferSelect;
export type WebhookDeliveryRow = typeof webhookDeliveries.$inferSelect;

const USER_AGENT = "Enclave-Webhooks/1";

interface Outcome {
  statusCode: number | null;
  responseExcerpt: string | null;
  error: string | null;
}

/** The start of the receiver's answer, read no further than needed. */
async function excerptOf(res: Response, maxChars: number): Promise<string | null> {
  if (!res.body) return null;
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  while (text.length < maxChars) {
    const { done, value } = await reader.read();
    if (done) break;
    text += value;
  }
  await reader.cancel();
  return text.length > 0 ? text.slice(0, maxChars) : null;
}

async function post(
  env: Env,
  config: PlatformConfig["webhooks"],
  webhook: WebhookRow,
  event: WebhookEventRow,
  deliveryId: string,
): Promise<Outcome> {
  const refusal = await targetRefusal(webhook.url, env.ENCLAVE_MODE, config.dnsResolverUrl);
  if (refusal) return { statusCode: null, responseExcerpt: null, error: `The URL ${refusal}` };
  const body = JSON.stringify(event.payload);
  const secrets = await signingSecrets(env, webhook, new Date());
  const timestamp = Math.floor(Date.now() / 1000);
  let res: Response;
  try {
    res = await fetch(webhook.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "user-agent": USER_AGENT,
        [WEBHOOK_HEADERS.eventId]: event.id,
        [WEBHOOK_HEADERS.eventType]: event.type,
        [WEBHOOK_HEADERS.deliveryId]: deliveryId,
        [WEBHOOK_HEADERS.signature]: await signatureHeader(secrets, timestamp, body),
      },
      body,
      // A redirect could lead anywhere, internal addresses included: it is the answer.
      redirect: "manual",
      signal: AbortSignal.timeout(config.timeoutSeconds * 1000),
    });
  } catch (error) {
    const timedOut = error instanceof Error && error.name === "TimeoutError";
    const reason = error instanceof Error ? error.message : String(error);
    return {
      statusCode: null,
      responseExcerpt: null,
      error: timedOut
        ? `No answer within ${config.timeoutSeconds} s`
        : `Could not connect: ${reason}`,
    };
  }
  const responseExcerpt = await excerptOf(res, config.responseExcerptChars).catch(() => null);
  const ok = res.status >= 200 && res.status < 300;
  return {
    statusCode: res.status,
    responseExcerpt,
    error: ok ? null : `The receiver answered ${res.status}`,
  };
}

/** One attempt to deliver `event` to `webhook`, recorded as a delivery row whatever happens. */
export async function attemptDelivery(
  env: Env,
  db: Database,
  config: PlatformConfig["webhooks"],
  webhook: WebhookRow,
  event: WebhookEventRow,
  attempt: number,
): Promise<WebhookDeliveryRow> {
  const id = newId("webhookDelivery");
  const started = Date.now();
  const outcome = await post(env, config, webhook, event, id);
  const row: WebhookDeliveryRow = {
    id,
    webhookId: webhook.id,
    organizationId: webhook.organizationId,
    eventId: event.id,
    eventType: event.type,
    attempt,
    succeeded: outcome.error === null,
    ...outcome,
    latencyMs: Date.now() - started,
    createdAt: nowIso(),
  };
  await db.insert(webhookDeliveries).values(row);
  return row;
}
