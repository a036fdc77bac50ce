import type { JobMessage } from "../contracts/index.ts";
import type { Database } from "../db/client.ts";
import type { Env } from "../env.ts";
import { progressStub } from "../progress/deployment-ref.ts";
import { compensateDeadLetter } from "./dead-letter-compensation.ts";
import { liveJobTarget } from "./job-target.ts";

/**
 * Jobs whose dispatch failed on every retry. The deployment is failed through its progress
 * object, which logs a terminal event (so streams end) and writes the status to D1 (a tenant
 * that was never ready becomes failed); what its earlier attempts created is then cleaned up.
 * A clean-up job that could not be dispatched either is only logged: nothing is left to fail.
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
        if (target?.job.type === "cleanup") {
          console.error(
            JSON.stringify({
              msg: "clean-up job could not be dispatched",
              deploymentId: target.job.deploymentId,
            }),
          );
        } else if (target) {
          const reason =
            `The runner could not be reached to start attempt ${target.job.attempt}: ` +
            "dispatch failed on every retry";
          if (await progressStub(env, target.job.deploymentId).fail(target.ref, reason)) {
            await compensateDeadLetter(env, target.job);
          }
        }
        message.ack();
      } catch (error) {
        console.error(JSON.stringify({ msg: "dead letter handling failed", error: String(error) }));
        message.retry();
      }
    }),
  );
}
