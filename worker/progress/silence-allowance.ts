import type { PlatformConfig } from "../contracts/index.ts";

/**
 * How long the current attempt may stay silent before the watchdog gives up on it. Work a
 * runner has started (claimed) gets `watchdogSeconds`; work still waiting for a slot under a
 * runner's concurrency limit is not silent for doing nothing, so it gets the separate, longer
 * `queuedSeconds`, which the runner's queue heartbeats renew.
 */
export const silenceAllowanceSeconds = (
  timeouts: PlatformConfig["timeouts"],
  started: boolean,
): number =>
  started ? timeouts.watchdogSeconds : Math.max(timeouts.queuedSeconds, timeouts.watchdogSeconds);
