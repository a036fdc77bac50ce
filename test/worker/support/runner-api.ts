import { expect } from "vitest";
import type { ProgressEvent } from "../../../worker/contracts/index.ts";
import { bearer, request } from "../harness.ts";
import { type RunnerTokenOptions, signRunnerToken, TEST_RUNNER } from "./runner-token.ts";

/**
 * The internal API as a runner calls it: `runnerId` is the instance the token names, and the
 * token is scoped to the deployment and attempt called about unless `token` says otherwise.
 */
export const claimSpec = async (
  deploymentId: string,
  attempt = 1,
  runnerId = TEST_RUNNER,
  token: RunnerTokenOptions = {},
) =>
  request(`/internal/v1/deployments/${deploymentId}/spec?attempt=${attempt}`, {
    headers: bearer(
      await signRunnerToken({ subject: runnerId, deployment: deploymentId, attempt, ...token }),
    ),
  });

export const postEvents = async (
  deploymentId: string,
  events: unknown[],
  runnerId = TEST_RUNNER,
  token: RunnerTokenOptions = {},
) =>
  request(`/internal/v1/deployments/${deploymentId}/events`, {
    method: "POST",
    headers: bearer(
      await signRunnerToken({
        subject: runnerId,
        deployment: deploymentId,
        attempt: (events[0] as { attempt?: number } | undefined)?.attempt ?? 1,
        ...token,
      }),
    ),
    json: { events },
  });

const claimed = new Set<string>();

/**
 * Reports events the way a runner does: it claims each attempt (fetches its spec) the first
 * time it reports on it, then posts; every step must succeed.
 */
export async function reportEvents(deploymentId: string, events: ProgressEvent[]): Promise<void> {
  for (const attempt of new Set(events.map((event) => event.attempt))) {
    const key = `${deploymentId}#${attempt}`;
    if (claimed.has(key)) continue;
    expect((await claimSpec(deploymentId, attempt)).status).toBe(200);
    claimed.add(key);
  }
  expect((await postEvents(deploymentId, events)).status).toBe(202);
}

/** POSTs a body to one of a deployment's internal routes with a token scoped to `attempt`. */
const postInternal = async (
  deploymentId: string,
  route: "heartbeat" | "release",
  attempt: number,
  json: unknown,
  runnerId = TEST_RUNNER,
) =>
  request(`/internal/v1/deployments/${deploymentId}/${route}`, {
    method: "POST",
    headers: bearer(
      await signRunnerToken({ subject: runnerId, deployment: deploymentId, attempt }),
    ),
    json,
  });

export const postHeartbeat = (
  deploymentId: string,
  beat: { attempt: number; state: "queued" | "running"; position?: number },
  runnerId = TEST_RUNNER,
) => postInternal(deploymentId, "heartbeat", beat.attempt, beat, runnerId);

export const postRelease = (deploymentId: string, attempt: number, runnerId = TEST_RUNNER) =>
  postInternal(deploymentId, "release", attempt, { attempt, reason: "shutting down" }, runnerId);
