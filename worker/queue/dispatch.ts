import type { JobMessage } from "../contracts/index.ts";
import type { Env } from "../env.ts";
import { signJobToken } from "../tokens/job-token.ts";

export type DispatchOutcome =
  | { kind: "accepted" }
  /** Worth another try later: the runner is down, overloaded or timed out. */
  | { kind: "retry"; reason: string }
  /** The runner understood and refused; trying again cannot help. */
  | { kind: "rejected"; status: number };

const RETRYABLE_STATUS = new Set([408, 425, 429]);

/**
 * Hands one job to the runner: POST {RUNNER_URL}/v1/jobs with a job token. Any 2xx counts as
 * accepted (202 normally; a runner that already holds the job may answer 200).
 */
export async function dispatchJob(
  env: Env,
  job: JobMessage,
  timeoutSeconds: number,
): Promise<DispatchOutcome> {
  const token = await signJobToken(env.JOB_TOKEN_SECRET, job);
  let res: Response;
  try {
    res = await fetch(new URL("/v1/jobs", env.RUNNER_URL), {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify(job),
      signal: AbortSignal.timeout(timeoutSeconds * 1000),
    });
  } catch (error) {
    const timedOut = error instanceof Error && error.name === "TimeoutError";
    return { kind: "retry", reason: timedOut ? "runner timed out" : "runner unreachable" };
  }
  await res.body?.cancel();
  if (res.ok) return { kind: "accepted" };
  if (res.status >= 500 || RETRYABLE_STATUS.has(res.status)) {
    return { kind: "retry", reason: `runner answered ${res.status}` };
  }
  return { kind: "rejected", status: res.status };
}
