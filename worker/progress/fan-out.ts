import type { StreamedEvent } from "../contracts/index.ts";
import type { SseSubscriber } from "./sse.ts";
import type { StreamEnd } from "./stream-end.ts";

/** Per-socket state kept with serializeAttachment, so it survives hibernation. */
export interface SocketAttachment {
  /** Id of the last event sent on this socket. */
  position: number;
}

export const deliverSse = (
  subscriber: SseSubscriber,
  events: StreamedEvent[],
  end: StreamEnd | null,
): void => {
  for (const event of events) if (event.id > subscriber.position) subscriber.sendEvent(event);
  if (end && subscriber.position >= end.eventId) subscriber.end(end);
};

export const deliverWebSocket = (
  ws: WebSocket,
  events: StreamedEvent[],
  end: StreamEnd | null,
): void => {
  const attachment = ws.deserializeAttachment() as SocketAttachment;
  try {
    for (const event of events) {
      if (event.id <= attachment.position) continue;
      ws.send(JSON.stringify(event));
      attachment.position = event.id;
    }
    ws.serializeAttachment(attachment);
    if (end && attachment.position >= end.eventId) ws.close(1000, JSON.stringify(end));
  } catch {
    // A socket that is closing cannot be written to; its close handler cleans up.
  }
};
