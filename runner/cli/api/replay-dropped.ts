import pRetry from "p-retry";
import type { RetryPolicy } from "../../retry/retry.ts";

/**
 * A request whose connection dropped before the answer may or may not have been served. It is
 * sent again only when that cannot do a thing twice: a read, or a write that carries an
 * Idempotency-Key (the API answers a repeat with the first answer). While the first of two
 * such writes still runs, the API answers `idempotency_in_progress`; that is waited out too.
 */
export const REPLAY_POLICY: RetryPolicy = { attempts: 6, baseMs: 200, maxMs: 2_000 };

const SAFE_METHODS = new Set(["GET", "HEAD"]);

const replayable = (request: Request) =>
  SAFE_METHODS.has(request.method) || request.headers.has("idempotency-key");

/** The first request with this key is still running: its answer is worth waiting for. */
class StillInProgress extends Error {
  readonly response: Response;
  constructor(response: Response) {
    super("the request with this Idempotency-Key is still being processed");
    this.response = response;
  }
}

/** fetch's TypeError; p-retry goes on only for the network ones ("fetch failed", "terminated"). */
const dropped = (error: unknown) => error instanceof TypeError;

async function inProgress(response: Response): Promise<boolean> {
  if (response.status !== 409) return false;
  const body = await response
    .clone()
    .json()
    .catch(() => undefined);
  return (body as { code?: unknown } | undefined)?.code === "idempotency_in_progress";
}

/** `fetchImpl`, sending a replayable request again after a dropped connection. */
export function replayDropped(
  fetchImpl: (request: Request) => Promise<Response>,
  policy: RetryPolicy = REPLAY_POLICY,
): (request: Request) => Promise<Response> {
  return async (request) => {
    if (!replayable(request)) return fetchImpl(request);
    const keyed = request.headers.has("idempotency-key");
    try {
      // p-retry's own pauses keep the process alive, unlike the runner's unref'd sleep: a
      // command waiting to send again must not exit meanwhile.
      return await pRetry(
        async () => {
          const response = await fetchImpl(request.clone());
          if (keyed && (await inProgress(response))) throw new StillInProgress(response);
          return response;
        },
        {
          retries: policy.attempts - 1,
          minTimeout: policy.baseMs,
          maxTimeout: policy.maxMs,
          randomize: true,
          signal: request.signal,
          shouldRetry: ({ error }) => error instanceof StillInProgress || dropped(error),
        },
      );
    } catch (error) {
      if (error instanceof StillInProgress) return error.response;
      throw error;
    }
  };
}
