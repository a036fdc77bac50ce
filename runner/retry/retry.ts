import pRetry from "p-retry";
import { sleep } from "./sleep.ts";

export interface Backoff {
  baseMs: number;
  maxMs: number;
}

export interface RetryPolicy extends Backoff {
  /** Tries in all, the first included; `Infinity` tries until success, refusal or abort. */
  attempts: number;
  /** The longest Retry-After honoured; a server asking for more is tried again after this. */
  maxRetryAfterMs?: number;
}

export interface RetryOptions {
  policy: RetryPolicy;
  /** Whether another try can help after this failure. */
  retryable: (error: unknown) => boolean;
  /** How long the failure asked to be left alone (an HTTP Retry-After), when it asked. */
  retryAfterMs?: (error: unknown) => number | undefined;
  signal?: AbortSignal | undefined;
}

const DEFAULT_MAX_RETRY_AFTER_MS = 30_000;

/** Exponential with full jitter, so many clients retrying do not retry in step. */
export function backoffDelay(backoff: Backoff, failures: number): number {
  const ceiling = Math.min(backoff.maxMs, backoff.baseMs * 2 ** Math.min(failures, 20));
  return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
}

/** An HTTP Retry-After value (delay-seconds or an HTTP date) in milliseconds from now. */
export function parseRetryAfter(value: string | null | undefined): number | undefined {
  if (!value) return undefined;
  if (/^\s*\d+\s*$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

/**
 * Runs `attempt` until it succeeds, fails in a way another try cannot help, runs out of
 * attempts, or the signal aborts (then rejecting with the signal's reason). p-retry keeps the
 * count and the stop conditions; the pause between tries is what the failure asked for
 * (Retry-After, capped), else exponential backoff with full jitter.
 */
export function withRetry<T>(
  attempt: (attemptNumber: number) => Promise<T>,
  options: RetryOptions,
): Promise<T> {
  const { policy, signal } = options;
  return pRetry(attempt, {
    retries: policy.attempts - 1,
    // The pause is taken in shouldRetry, where the failure is known; p-retry adds none.
    minTimeout: 0,
    ...(signal ? { signal } : {}),
    shouldRetry: async ({ error, attemptNumber }) => {
      if (!options.retryable(error)) return false;
      const asked = options.retryAfterMs?.(error);
      const pause =
        asked === undefined
          ? backoffDelay(policy, attemptNumber)
          : Math.min(asked, policy.maxRetryAfterMs ?? DEFAULT_MAX_RETRY_AFTER_MS);
      await sleep(pause, signal);
      return true;
    },
  });
}
