import { setTimeout as sleep } from "node:timers/promises";
import { Agent, fetch } from "undici";

export interface WaitOptions {
  timeoutMs: number;
  /** Gives up at once when aborted (the stack is stopping). */
  signal?: AbortSignal | undefined;
  /** The process that should answer: when it exits first, waiting is pointless. */
  exited?: Promise<number | null> | undefined;
  /** The CA that signed the server's certificate, for an HTTPS url. */
  ca?: string | undefined;
}

/** Waits until `url` answers with a 2xx; start-up only, bounded by `timeoutMs`. */
export async function waitForHttp(url: string, opts: WaitOptions): Promise<void> {
  const deadline = Date.now() + opts.timeoutMs;
  let exitCode: number | null | undefined;
  void opts.exited?.then((code) => {
    exitCode = code;
  });
  const dispatcher = opts.ca ? new Agent({ connect: { ca: opts.ca } }) : undefined;
  let lastError = "no answer";
  try {
    while (Date.now() < deadline) {
      opts.signal?.throwIfAborted();
      if (exitCode !== undefined) {
        throw new Error(`the process that should answer ${url} exited (code ${exitCode})`);
      }
      try {
        const res = await fetch(url, { signal: AbortSignal.timeout(2_000), dispatcher });
        await res.body?.cancel();
        if (res.ok) return;
        lastError = `HTTP ${res.status}`;
      } catch (err) {
        lastError = err instanceof Error ? err.message : String(err);
      }
      await sleep(200);
    }
  } finally {
    await dispatcher?.close();
  }
  throw new Error(`${url} did not come up within ${opts.timeoutMs / 1000}s (${lastError})`);
}
