import { setTimeout as sleep } from "node:timers/promises";

/** Waits until `url` answers with a 2xx; start-up only, bounded by `timeoutMs`. */
export async function waitForHttp(url: string, opts: { timeoutMs: number }): Promise<void> {
  const deadline = Date.now() + opts.timeoutMs;
  let lastError = "no answer";
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      await res.body?.cancel();
      if (res.ok) return;
      lastError = `HTTP ${res.status}`;
    } catch (err) {
      lastError = err instanceof Error ? err.message : String(err);
    }
    await sleep(200);
  }
  throw new Error(`${url} did not come up within ${opts.timeoutMs / 1000}s (${lastError})`);
}
