import type { JobMessage } from "../contracts/index.ts";
import type { Env } from "../env.ts";

/**
 * A provision failed by the dead-letter queue never reached the pipeline's own compensation,
 * yet its earlier attempts (a runner that died mid-job) may have created a namespace and
 * builds. A clean-up job, dispatched like any other, has the runner remove them the way the
 * pipeline does after a failure. A deletion has nothing to undo.
 */
export async function compensateDeadLetter(env: Env, job: JobMessage): Promise<void> {
  if (job.type !== "provision") return;
  await env.JOBS.send({ ...job, type: "cleanup" });
}
