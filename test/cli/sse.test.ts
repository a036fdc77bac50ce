import { describe, expect, it } from "vitest";
import { readSse, type SseMessage, SseParser } from "../../runner/cli/api/sse.ts";

const feed = (chunks: string[]): SseMessage[] => {
  const parser = new SseParser();
  return chunks.flatMap((chunk) => parser.push(chunk));
};

describe("SseParser", () => {
  it("parses id, event and data fields", () => {
    expect(feed(['id: 7\nevent: stage.started\ndata: {"a":1}\n\n'])).toEqual([
      { event: "stage.started", data: '{"a":1}', id: "7", retry: undefined },
    ]);
  });

  it("gives the same messages however the stream is split, even inside a CRLF", () => {
    const stream = 'id: 1\r\nevent: e\r\ndata: {"x":"y"}\r\n\r\nid: 2\r\ndata: two\r\n\r\n';
    const whole = feed([stream]);
    expect(whole.map((m) => m.id)).toEqual(["1", "2"]);
    for (let cut = 1; cut < stream.length; cut++) {
      expect(feed([stream.slice(0, cut), stream.slice(cut)])).toEqual(whole);
    }
    expect(feed([...stream])).toEqual(whole);
  });

  it("joins multi-line data with newlines and keeps a value's leading spaces after the first", () => {
    expect(feed(["data: first\ndata:  second\ndata\n\n"])[0]?.data).toBe("first\n second\n");
  });

  it("ignores comments (heartbeats) and unknown fields, and messages without data", () => {
    const messages = feed([": heartbeat\n\n:\nfoo: bar\n\nevent: only-event\n\ndata: x\n\n"]);
    expect(messages).toEqual([{ event: "message", data: "x", id: undefined, retry: undefined }]);
  });

  it("accepts bare CR line endings and strips a leading BOM", () => {
    expect(feed(["\uFEFFdata: a\r\rdata: b\r\r"]).map((m) => m.data)).toEqual(["a", "b"]);
  });

  it("keeps the last id across messages and reads retry only when numeric", () => {
    const messages = feed(["id: 5\nretry: 3000\ndata: a\n\nretry: soon\ndata: b\n\n"]);
    expect(messages.map((m) => [m.id, m.retry])).toEqual([
      ["5", 3000],
      ["5", 3000],
    ]);
  });

  it("ignores an id containing NUL", () => {
    expect(feed(["id: 1\n\nid: a\0b\ndata: x\n\n"])[0]?.id).toBe("1");
  });

  it("drops an unterminated last message and does not count its id as seen", () => {
    const parser = new SseParser();
    expect(parser.push("id: 1\ndata: a\n\nid: 2\ndata: half")).toHaveLength(1);
    parser.end();
    expect(parser.lastEventId).toBe("1");
  });

  it("decodes UTF-8 split across byte chunks", async () => {
    const bytes = new TextEncoder().encode("data: héllo ✓\n\n");
    async function* chunks() {
      for (const byte of bytes) yield Uint8Array.of(byte);
    }
    const messages: SseMessage[] = [];
    for await (const message of readSse(chunks())) messages.push(message);
    expect(messages.map((m) => m.data)).toEqual(["héllo ✓"]);
  });
});
