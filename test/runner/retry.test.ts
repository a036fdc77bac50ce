import { describe, expect, it } from "vitest";
import { parseRetryAfter, withRetry } from "../../runner/retry/retry.ts";

class Busy extends Error {
  readonly retryAfterMs: number | undefined;
  constructor(retryAfterMs?: number) {
    super("busy");
    this.retryAfterMs = retryAfterMs;
  }
}

/** Fails with the given errors in turn, then answers "done"; counts its calls. */
const flaky = (...failures: Error[]) => {
  const calls: number[] = [];
  const attempt = async (attemptNumber: number) => {
    calls.push(attemptNumber);
    const failure = failures.shift();
    if (failure) throw failure;
    return "done";
  };
  return { calls, attempt };
};

const options = {
  retryable: (error: unknown) => error instanceof Busy,
  retryAfterMs: (error: unknown) => (error instanceof Busy ? error.retryAfterMs : undefined),
};

describe("retry helper", () => {
  it("tries again after retryable failures until it succeeds", async () => {
    const { calls, attempt } = flaky(new Busy(), new Busy());
    const policy = { attempts: 5, baseMs: 1, maxMs: 2 };
    await expect(withRetry(attempt, { ...options, policy })).resolves.toBe("done");
    expect(calls).toEqual([1, 2, 3]);
  });

  it("gives up at once on a failure another try cannot help, and after its attempts", async () => {
    const refused = flaky(new Error("refused"));
    const policy = { attempts: 5, baseMs: 1, maxMs: 2 };
    await expect(withRetry(refused.attempt, { ...options, policy })).rejects.toThrow("refused");
    expect(refused.calls).toEqual([1]);
    const busy = flaky(new Busy(), new Busy(), new Busy());
    const twice = { attempts: 2, baseMs: 1, maxMs: 2 };
    await expect(withRetry(busy.attempt, { ...options, policy: twice })).rejects.toThrow("busy");
    expect(busy.calls).toEqual([1, 2]);
  });

  it("waits as long as Retry-After asks instead of its own backoff, up to its cap", async () => {
    const slowBackoff = { attempts: 3, baseMs: 60_000, maxMs: 60_000 };
    const asked = flaky(new Busy(0));
    const started = performance.now();
    await expect(withRetry(asked.attempt, { ...options, policy: slowBackoff })).resolves.toBe(
      "done",
    );
    expect(performance.now() - started).toBeLessThan(5_000);
    const greedy = flaky(new Busy(3_600_000));
    const capped = { ...slowBackoff, maxRetryAfterMs: 10 };
    await expect(withRetry(greedy.attempt, { ...options, policy: capped })).resolves.toBe("done");
  });

  it("stops waiting when its signal aborts", async () => {
    const abort = new AbortController();
    const { calls, attempt } = flaky(new Busy(), new Busy());
    const policy = { attempts: 5, baseMs: 60_000, maxMs: 60_000 };
    const retried = withRetry(attempt, { ...options, policy, signal: abort.signal });
    setTimeout(() => abort.abort(new Error("shutting down")), 20);
    await expect(retried).rejects.toThrow("shutting down");
    expect(calls).toEqual([1]);
  });

  it("reads Retry-After as seconds or as an HTTP date", () => {
    expect(parseRetryAfter("3")).toBe(3_000);
    const date = new Date(Date.now() + 10_000).toUTCString();
    expect(parseRetryAfter(date)).toBeGreaterThan(8_000);
    expect(parseRetryAfter("soon")).toBeUndefined();
    expect(parseRetryAfter(undefined)).toBeUndefined();
  });
});
