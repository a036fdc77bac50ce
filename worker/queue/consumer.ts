import type { JobMessage } from "../contracts/index.ts";
import { createDb } from "../db/client.ts";
import { loadPlatformConfig } from "../db/platform-config.ts";
import type { Env } from "../env.ts";
import { handleWebhookBatch, WEBHOOKS_QUEUE } from "../webhooks/consumer.ts";
import { failDeadLetters } from "./dead-letter.ts";
import { dispatchJobs } from "./dispatch-jobs.ts";

/** The dead-letter queue of `enclave-jobs` (wrangler.toml); this Worker consumes both. */
export const DEAD_LETTER_QUEUE = "enclave-jobs-dlq";

export async function handleQueue(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  if (batch.queue === WEBHOOKS_QUEUE) {
    await handleWebhookBatch(batch, env);
    return;
  }
  const jobs = batch as MessageBatch<JobMessage>;
  const db = createDb(env.DB);
  if (batch.queue === DEAD_LETTER_QUEUE) {
    await failDeadLetters(env, db, jobs);
    return;
  }
  await dispatchJobs(env, db, await loadPlatformConfig(db), jobs);
}
