import type { PlatformConfig } from "../contracts/index.ts";

/**
 * Exponential delay before the next delivery: base, 2×base, 4×base … capped at the maximum.
 * `deliveries` is the Queue's `message.attempts` (1 on the first delivery).
 */
export const retryDelaySeconds = (
  deliveries: number,
  retries: PlatformConfig["retries"],
): number => {
  const exponent = Math.min(Math.max(deliveries, 1) - 1, 30);
  return Math.min(
    retries.dispatchMaxDelaySeconds,
    retries.dispatchBaseDelaySeconds * 2 ** exponent,
  );
};
