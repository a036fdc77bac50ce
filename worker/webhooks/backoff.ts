import type { PlatformConfig } from "../contracts/index.ts";

/**
 * Seconds before the next attempt of a delivery: base × 2^(attempt−1), capped, of which a
 * random half is dropped ("equal jitter"), so receivers recovering from an outage are not hit
 * by every webhook's retries at the same second.
 */
export function webhookRetryDelaySeconds(
  attempt: number,
  config: PlatformConfig["webhooks"],
  random: () => number = Math.random,
): number {
  const exponent = Math.min(Math.max(attempt, 1) - 1, 30);
  const ceiling = Math.min(
    config.retryMaxDelaySeconds,
    config.retryBaseDelaySeconds * 2 ** exponent,
  );
  return Math.max(1, Math.round(ceiling / 2 + (random() * ceiling) / 2));
}
