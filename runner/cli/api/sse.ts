import { createParser } from "eventsource-parser";

/** One `text/event-stream` message, as EventSource would dispatch it. */
export type SseMessage = {
  /** `message` when the server sent no `event:` field, as EventSource does. */
  event: string;
  data: string;
  /** The last event id seen on the stream so far (it persists across messages), if any. */
  id: string | undefined;
  /** Reconnection delay the server asked for, in milliseconds. */
  retry: number | undefined;
};

/**
 * Parses a byte stream (e.g. a fetch response body) into messages with eventsource-parser.
 * An unterminated last message is dropped, as the standard says, so a connection cut mid-event
 * never yields half an event nor counts its id as seen.
 */
export async function* readSse(body: AsyncIterable<Uint8Array>): AsyncGenerator<SseMessage> {
  let lastEventId: string | undefined;
  let retry: number | undefined;
  const messages: SseMessage[] = [];
  const parser = createParser({
    onId: (id) => {
      lastEventId = id;
    },
    onRetry: (ms) => {
      retry = ms;
    },
    onEvent: (message) =>
      messages.push({
        event: message.event ?? "message",
        data: message.data,
        id: lastEventId,
        retry,
      }),
  });
  const decoder = new TextDecoder("utf-8");
  for await (const chunk of body) {
    parser.feed(decoder.decode(chunk, { stream: true }));
    yield* messages.splice(0);
  }
  parser.feed(decoder.decode());
  yield* messages.splice(0);
}
