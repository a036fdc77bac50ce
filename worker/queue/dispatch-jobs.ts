import type { JobMessage, PlatformConfig } from "../contracts/index.ts";
import type { Database } from "../db/client.ts";
import type { Env } from "../env.ts";
import { progressStub } from "../progress/deployment-ref.ts";
import { retryDelaySeconds } from "./backoff.ts";
import { dispatchJob } from "./dispatch.ts";
import { liveJobTarget } from "./job-target.ts";

const log = (msg: string, fields: Record<string, unknown>) =>
  console.log(JSON.stringify({ msg, ...fields }));

/**
 * One job message: dispatch, then ack or retry this message alone. After the Queue's last
 * retry the message goes to the dead-letter queue (see dead-letter.ts).
 */
async function dispatchMessage(
  env: Env,
  db: Database,
  config: PlatformConfig,
  message: Message<JobMessage>,
): Promise<void> {
  let target: Awaited<ReturnType<typeof liveJobTarget>>;
  try {
    target = await liveJobTarget(db, message.body);
  } catch (error) {
    log("job lookup failed", { messageId: message.id, error: String(error) });
    message.retry({ delaySeconds: retryDelaySeconds(message.attempts, config.retries) });
    return;
  }
  if (!target) {
    message.ack();
    return;
  }
  const { job, ref } = target;
  const outcome = await dispatchJob(env, job, config.timeouts.dispatchTimeoutSeconds);
  const context = { deploymentId: job.deploymentId, attempt: job.attempt };
  if (outcome.kind === "retry") {
    const delaySeconds = retryDelaySeconds(message.attempts, config.retries);
    log("job dispatch failed", { ...context, reason: outcome.reason, delaySeconds });
    message.retry({ delaySeconds });
    return;
  }
  message.ack();
  // A clean-up job belongs to a deployment that has ended: there is no progress to move.
  if (job.type === "cleanup") return;
  const progress = progressStub(env, job.deploymentId);
  try {
    if (outcome.kind === "accepted") await progress.dispatched(ref);
    else await progress.fail(ref, `The runner refused the job (HTTP ${outcome.status})`);
  } catch (error) {
    // The runner has the job (or refused it for good); redelivering would not help.
    log("progress update after dispatch failed", { ...context, error: String(error) });
  }
}

export async function dispatchJobs(
  env: Env,
  db: Database,
  config: PlatformConfig,
  batch: MessageBatch<JobMessage>,
): Promise<void> {
  await Promise.all(batch.messages.map((message) => dispatchMessage(env, db, config, message)));
}
