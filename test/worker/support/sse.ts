import type { StreamedEvent } from "../../../worker/contracts/index.ts";

export interface SseFrame {
  id?: string;
  event?: string;
  data?: string;
}

/** Reads an SSE body frame by frame; comment-only frames (heartbeats) are skipped. */
export class SseReader {
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  private readonly decoder = new TextDecoder();
  private buffer = "";
  readonly frames: SseFrame[] = [];

  constructor(body: ReadableStream<Uint8Array>) {
    this.reader = body.getReader();
  }

  /** Reads until `count` more data frames arrived; null when the stream ended first. */
  async next(count = 1): Promise<SseFrame[] | null> {
    const wanted = this.frames.length + count;
    while (this.frames.length < wanted) {
      const separator = this.buffer.indexOf("\n\n");
      if (separator !== -1) {
        const frame = parseFrame(this.buffer.slice(0, separator));
        this.buffer = this.buffer.slice(separator + 2);
        if (frame) this.frames.push(frame);
        continue;
      }
      const { done, value } = await this.reader.read();
      if (done) return null;
      this.buffer += this.decoder.decode(value, { stream: true });
    }
    return this.frames.slice(wanted - count, wanted);
  }

  /** True when the server closed the stream after what was read. */
  async ended(): Promise<boolean> {
    return (await this.next()) === null;
  }

  cancel(): Promise<void> {
    return this.reader.cancel();
  }
}

const parseFrame = (text: string): SseFrame | null => {
  const frame: SseFrame = {};
  for (const line of text.split("\n")) {
    const match = /^(id|event|data): ?(.*)$/.exec(line);
    if (match) frame[match[1] as keyof SseFrame] = match[2];
  }
  return frame.data === undefined ? null : frame;
};

export const eventOf = (frame: SseFrame): StreamedEvent => JSON.parse(frame.data ?? "null");
