import { EventType, StreamedEvent } from "../../../worker/contracts/index.ts";
import { ApiError } from "./errors.ts";
import { readSse } from "./sse.ts";
import type { Api } from "./transport.ts";

export type EventStreamOptions = {
  /** Resume after this global sequence (the `id` of the last event already seen). */
  lastEventId?: number;
  signal?: AbortSignal;
  /** Consecutive failed connection attempts tolerated before giving up. */
  maxReconnects?: number;
  /** First reconnection delay; doubled per consecutive failure, or the server's `retry:`. */
  reconnectDelayMs?: number;
  /** A stream silent for this long (not even a heartbeat comment) is treated as dropped. */
  idleTimeoutMs?: number;
  /** Told about each reconnection, e.g. to show it to a user. */
  onReconnect?: (info: { attempt: number; lastEventId: number | undefined; error: Error }) => void;
};

/** The server's last message, after the terminal event, before it closes the stream. */
const END_EVENT = "end";
const DEFAULTS = { maxReconnects: 8, reconnectDelayMs: 500, idleTimeoutMs: 60_000 };
const MAX_DELAY_MS = 15_000;

/** Thrown when the stream cannot be resumed; carries the position to resume from later. */
export class EventStreamError extends Error {
  readonly lastEventId: number | undefined;

  constructor(message: string, lastEventId: number | undefined, cause: unknown) {
    super(message, { cause });
    this.name = "EventStreamError";
    this.lastEventId = lastEventId;
  }
}

const sleep = (ms: number, signal: AbortSignal | undefined) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(done, ms);
    function done() {
      signal?.removeEventListener("abort", abort);
      resolve();
    }
    function abort() {
      clearTimeout(timer);
      reject(signal?.reason);
    }
    signal?.addEventListener("abort", abort, { once: true });
  });

/** 4xx other than 408/429 means asking again will not help. */
const isRetryable = (error: unknown): boolean =>
  error instanceof ApiError
    ? error.status >= 500 || error.status === 408 || error.status === 429
    : true;

/**
 * Yields a deployment's progress events in order, from the beginning (or `lastEventId`) to the
 * terminal event. A dropped connection is resumed with `Last-Event-ID`; events already yielded
 * are skipped, so a replay after reconnecting never duplicates one.
 */
export async function* streamDeploymentEvents(
  api: Api,
  deploymentId: string,
  options: EventStreamOptions = {},
): AsyncGenerator<StreamedEvent> {
  const maxReconnects = options.maxReconnects ?? DEFAULTS.maxReconnects;
  const baseDelay = options.reconnectDelayMs ?? DEFAULTS.reconnectDelayMs;
  const idleTimeoutMs = options.idleTimeoutMs ?? DEFAULTS.idleTimeoutMs;
  let lastEventId = options.lastEventId;
  let failures = 0;
  let serverRetryMs: number | undefined;

  for (;;) {
    const connection = new AbortController();
    const signals = [connection.signal, ...(options.signal ? [options.signal] : [])];
    let idleTimer: NodeJS.Timeout | undefined;
    const resetIdle = () => {
      clearTimeout(idleTimer);
      idleTimer = setTimeout(
        () => connection.abort(new Error(`no data for ${idleTimeoutMs} ms`)),
        idleTimeoutMs,
      );
    };
    let dropped: Error;
    try {
      resetIdle();
      const { data: body } = await api.GET("/v1/deployments/{id}/events", {
        params: {
          path: { id: deploymentId },
          header: lastEventId === undefined ? {} : { "last-event-id": String(lastEventId) },
        },
        headers: { accept: "text/event-stream" },
        parseAs: "stream",
        signal: AbortSignal.any(signals),
      });
      if (!body) throw new Error("the event stream has no body");
      for await (const message of readSse(withActivity(body, resetIdle))) {
        serverRetryMs = message.retry ?? serverRetryMs;
        // `end` follows the terminal event; alone, it means we resumed after the terminal one.
        if (message.event === END_EVENT) return;
        if (message.event !== "message" && !EventType.safeParse(message.event).success) continue;
        const event = parseEvent(message.data, message.event, lastEventId);
        if (lastEventId !== undefined && event.id <= lastEventId) continue;
        lastEventId = event.id;
        failures = 0;
        // Not the end yet even on a terminal type: a superseded attempt's late failure is
        // logged too. The server's `end` event is what closes the deployment's stream.
        yield event;
      }
      dropped = new Error("the server closed the stream before the deployment finished");
    } catch (error) {
      if (options.signal?.aborted) throw error;
      if (error instanceof EventStreamError) throw error;
      if (!isRetryable(error)) throw error;
      dropped = connection.signal.aborted
        ? (connection.signal.reason as Error)
        : error instanceof Error
          ? error
          : new Error(String(error));
    } finally {
      clearTimeout(idleTimer);
      connection.abort();
    }
    failures++;
    if (failures > maxReconnects) {
      throw new EventStreamError(
        `lost the event stream of ${deploymentId} after ${maxReconnects} reconnections: ${dropped.message}`,
        lastEventId,
        dropped,
      );
    }
    options.onReconnect?.({ attempt: failures, lastEventId, error: dropped });
    const delay = serverRetryMs ?? Math.min(baseDelay * 2 ** (failures - 1), MAX_DELAY_MS);
    await sleep(delay, options.signal);
  }
}

const parseEvent = (data: string, type: string, lastEventId: number | undefined): StreamedEvent => {
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch (error) {
    throw new EventStreamError(`an "${type}" event is not JSON`, lastEventId, error);
  }
  const result = StreamedEvent.safeParse(json);
  if (!result.success) {
    throw new EventStreamError(
      `an "${type}" event does not match the event contract: ${result.error.message}`,
      lastEventId,
      result.error,
    );
  }
  return result.data;
};

async function* withActivity(
  body: AsyncIterable<Uint8Array>,
  onChunk: () => void,
): AsyncGenerator<Uint8Array> {
  for await (const chunk of body) {
    onChunk();
    yield chunk;
  }
}
