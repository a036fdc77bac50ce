import type { JobMessage } from "../contracts/index.ts";
import type { Database } from "../db/client.ts";
import type { Env } from "../env.ts";
import { progressStub } from "../progress/deployment-ref.ts";
import { liveJobTarget } from "./job-target.ts";

/**
 * Jobs whose dispatch failed on every retry. The deployment is failed through its progress
 * object, which logs a terminal event (so streams end) and writes the status to D1 (a tenant
 * that was never ready becomes failed).
 */
export async function failDeadLetters(
  env: Env,
  db: Database,
  batch: MessageBatch<JobMessage>,
): Promise<void> {
  await Promise.all(
    batch.messages.map(async (message) => {
      try {
        const target = await liveJobTarget(db, message.body);
        if (target) {
          const reason =
            `The runner could not be reached to start attempt ${target.job.attempt}: ` +
            "dispatch failed on every retry";
          await progressStub(env, target.job.deploymentId).fail(target.ref, reason);
        }
        message.ack();
      } catch (error) {
        console.error(JSON.stringify({ msg: "dead letter handling failed", error: String(error) }));
        message.retry();
      }
    }),
  );
}
