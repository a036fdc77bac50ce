/**
 * A parser for `text/event-stream` as the WHATWG HTML standard defines it
 * (https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation).
 * It is incremental because network chunks split lines, and even CRLF pairs, anywhere.
 */
export type SseMessage = {
  /** `message` when the server sent no `event:` field, as EventSource does. */
  event: string;
  data: string;
  /** The last event id seen on the stream so far (it persists across messages), if any. */
  id: string | undefined;
  /** Reconnection delay the server asked for, in milliseconds. */
  retry: number | undefined;
};

export class SseParser {
  #buffer = "";
  #pendingCr = false;
  #started = false;
  #event = "";
  #data: string[] = [];
  #hasData = false;
  #idBuffer: string | undefined;
  #lastEventId: string | undefined;
  #retry: number | undefined;

  get lastEventId(): string | undefined {
    return this.#lastEventId;
  }

  /** Feeds decoded text; returns the messages completed by it. */
  push(text: string): SseMessage[] {
    let input = text;
    if (!this.#started && input.length > 0) {
      this.#started = true;
      if (input.charCodeAt(0) === 0xfeff) input = input.slice(1);
    }
    // A CR ending the previous chunk already ended its line; a LF right after belongs to it.
    if (this.#pendingCr && input.startsWith("\n")) input = input.slice(1);
    this.#pendingCr = false;

    const messages: SseMessage[] = [];
    this.#buffer += input;
    let start = 0;
    for (let i = 0; i < this.#buffer.length; i++) {
      const ch = this.#buffer[i];
      if (ch !== "\n" && ch !== "\r") continue;
      const line = this.#buffer.slice(start, i);
      if (ch === "\r") {
        if (i + 1 === this.#buffer.length) this.#pendingCr = true;
        else if (this.#buffer[i + 1] === "\n") i++;
      }
      start = i + 1;
      const message = this.#line(line);
      if (message) messages.push(message);
    }
    this.#buffer = this.#buffer.slice(start);
    return messages;
  }

  /**
   * The stream ended. Per the standard an unterminated last message is dropped, so a
   * connection cut mid-event never yields a half event.
   */
  end(): void {
    this.#buffer = "";
    this.#idBuffer = this.#lastEventId;
    this.#resetMessage();
  }

  #line(line: string): SseMessage | undefined {
    if (line === "") return this.#dispatch();
    if (line.startsWith(":")) return undefined;
    const colon = line.indexOf(":");
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    switch (field) {
      case "event":
        this.#event = value;
        break;
      case "data":
        this.#data.push(value);
        this.#hasData = true;
        break;
      case "id":
        if (!value.includes("\0")) this.#idBuffer = value;
        break;
      case "retry":
        if (/^[0-9]+$/.test(value)) this.#retry = Number(value);
        break;
    }
    return undefined;
  }

  #dispatch(): SseMessage | undefined {
    // The id only counts once its message is complete: a resume must not skip a lost event.
    this.#lastEventId = this.#idBuffer;
    const hasData = this.#hasData;
    const message: SseMessage = {
      event: this.#event || "message",
      data: this.#data.join("\n"),
      id: this.#lastEventId,
      retry: this.#retry,
    };
    this.#resetMessage();
    return hasData ? message : undefined;
  }

  #resetMessage(): void {
    this.#event = "";
    this.#data = [];
    this.#hasData = false;
  }
}

/** Parses a byte stream (e.g. a fetch response body) into messages. */
export async function* readSse(
  body: AsyncIterable<Uint8Array>,
  parser: SseParser = new SseParser(),
): AsyncGenerator<SseMessage> {
  const decoder = new TextDecoder("utf-8");
  for await (const chunk of body) {
    yield* parser.push(decoder.decode(chunk, { stream: true }));
  }
  yield* parser.push(decoder.decode());
  parser.end();
}
