import { WebhookMessage } from "../contracts/index.ts";
import { createDb } from "../db/client.ts";
import { loadPlatformConfig } from "../db/platform-config.ts";
import type { Env } from "../env.ts";
import { webhookRetryDelaySeconds } from "./backoff.ts";
import { type DeliverMessage, deliver } from "./deliver.ts";
import { fanOut } from "./fan-out.ts";

/** The `enclave-webhooks` queue (wrangler.toml). */
export const WEBHOOKS_QUEUE = "enclave-webhooks";

/**
 * Each message is settled on its own: a fan-out that could not be stored or queued is
 * retried with backoff; a delivery settles itself (see deliver.ts). A message that is not a
 * webhook message is dropped with a log line, since retrying cannot make it one.
 */
export async function handleWebhookBatch(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const db = createDb(env.DB);
  const config = (await loadPlatformConfig(db)).webhooks;
  for (const message of batch.messages) {
    const parsed = WebhookMessage.safeParse(message.body);
    if (!parsed.success) {
      console.error(JSON.stringify({ msg: "not a webhook message", id: message.id }));
      message.ack();
      continue;
    }
    try {
      if (parsed.data.type === "fan-out") {
        await fanOut(env, db, parsed.data);
        message.ack();
      } else {
        await deliver(env, db, config, message as Message<DeliverMessage>);
      }
    } catch (error) {
      console.error(
        JSON.stringify({ msg: "webhook message failed", id: message.id, error: String(error) }),
      );
      message.retry({ delaySeconds: webhookRetryDelaySeconds(message.attempts, config) });
    }
  }
}
