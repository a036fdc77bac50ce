import type { StreamedEvent } from "../contracts/index.ts";
import type { StreamEnd } from "./stream-end.ts";

/**
 * Comment lines keep idle connections open through proxies that cut silent streams
 * (commonly after 30-100 s) and let the object notice clients that went away.
 */
export const SSE_HEARTBEAT_SECONDS = 15;

const encoder = new TextEncoder();

export interface SseSubscriber {
  /** Id of the last event written to this client. */
  position: number;
  sendEvent(event: StreamedEvent): void;
  /** The final `end` event, then the stream closes. */
  end(summary: StreamEnd): void;
  closed(): boolean;
}

/**
 * An SSE response and its writer. SSE streams are plain HTTP responses, so they keep the
 * object in memory while open (unlike hibernatable WebSockets) and live in an in-memory set.
 */
export const openSseStream = (
  position: number,
  onClose: (subscriber: SseSubscriber) => void,
): { response: Response; subscriber: SseSubscriber } => {
  const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>();
  const writer = writable.getWriter();
  let open = true;
  const close = () => {
    if (!open) return;
    open = false;
    clearInterval(heartbeat);
    writer.close().catch(() => {});
    onClose(subscriber);
  };
  const write = (text: string) => {
    if (open) writer.write(encoder.encode(text)).catch(close);
  };
  const heartbeat = setInterval(() => write(": heartbeat\n\n"), SSE_HEARTBEAT_SECONDS * 1000);
  const subscriber: SseSubscriber = {
    position,
    sendEvent(event) {
      write(`id: ${event.id}\ndata: ${JSON.stringify(event)}\n\n`);
      subscriber.position = event.id;
    },
    end(summary) {
      write(`event: end\ndata: ${JSON.stringify(summary)}\n\n`);
      close();
    },
    closed: () => !open,
  };
  write(": stream open\n\n");
  const response = new Response(readable, {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-transform",
    },
  });
  return { response, subscriber };
};

/** `Last-Event-ID` (what EventSource sends on reconnect) wins over `?since=`. */
export const requestedPosition = (request: Request): number | null => {
  const url = new URL(request.url);
  const raw = request.headers.get("last-event-id") ?? url.searchParams.get("since") ?? "0";
  return /^\d{1,15}$/.test(raw) ? Number(raw) : null;
};
