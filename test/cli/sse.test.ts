import { describe, expect, it } from "vitest";
import { readSse, type SseMessage } from "../../runner/cli/api/sse.ts";

const bytes = (text: string) => new TextEncoder().encode(text);

async function* stream(chunks: (string | Uint8Array)[]) {
  for (const chunk of chunks) yield typeof chunk === "string" ? bytes(chunk) : chunk;
}

const feed = async (chunks: (string | Uint8Array)[]): Promise<SseMessage[]> => {
  const messages: SseMessage[] = [];
  for await (const message of readSse(stream(chunks))) messages.push(message);
  return messages;
};

describe("readSse", () => {
  it("parses id, event and data fields", async () => {
    expect(await feed(['id: 7\nevent: stage.started\ndata: {"a":1}\n\n'])).toEqual([
      { event: "stage.started", data: '{"a":1}', id: "7", retry: undefined },
    ]);
  });

  it("gives the same messages however the stream is split, even inside a CRLF", async () => {
    const text = 'id: 1\r\nevent: e\r\ndata: {"x":"y"}\r\n\r\nid: 2\r\ndata: two\r\n\r\n';
    const whole = await feed([text]);
    expect(whole.map((m) => m.id)).toEqual(["1", "2"]);
    for (let cut = 1; cut < text.length; cut++) {
      expect(await feed([text.slice(0, cut), text.slice(cut)])).toEqual(whole);
    }
    expect(await feed([...text])).toEqual(whole);
  });

  it("joins multi-line data with newlines and keeps a value's leading spaces after the first", async () => {
    expect((await feed(["data: first\ndata:  second\ndata\n\n"]))[0]?.data).toBe(
      "first\n second\n",
    );
  });

  it("ignores comments (heartbeats) and unknown fields, and messages without data", async () => {
    const messages = await feed([": heartbeat\n\n:\nfoo: bar\n\nevent: only-event\n\ndata: x\n\n"]);
    expect(messages).toEqual([{ event: "message", data: "x", id: undefined, retry: undefined }]);
  });

  it("accepts bare CR line endings and strips a leading BOM", async () => {
    expect((await feed(["\uFEFFdata: a\r\rdata: b\r\r"])).map((m) => m.data)).toEqual(["a", "b"]);
  });

  it("keeps the last id across messages and reads retry only when numeric", async () => {
    const messages = await feed(["id: 5\nretry: 3000\ndata: a\n\nretry: soon\ndata: b\n\n"]);
    expect(messages.map((m) => [m.id, m.retry])).toEqual([
      ["5", 3000],
      ["5", 3000],
    ]);
  });

  it("ignores an id containing NUL", async () => {
    expect((await feed(["id: 1\n\nid: a\0b\ndata: x\n\n"]))[0]?.id).toBe("1");
  });

  it("drops an unterminated last message, so its id never counts as seen", async () => {
    expect(await feed(["id: 1\ndata: a\n\nid: 2\ndata: half"])).toEqual([
      { event: "message", data: "a", id: "1", retry: undefined },
    ]);
  });

  it("decodes UTF-8 split across byte chunks", async () => {
    const chunks = [...bytes("data: héllo ✓\n\n")].map((byte) => Uint8Array.of(byte));
    expect((await feed(chunks)).map((m) => m.data)).toEqual(["héllo ✓"]);
  });
});
