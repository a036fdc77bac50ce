import { Writable } from "node:stream";
import type { RuntimeLogLine } from "../../worker/contracts/index.ts";

/** `timestamps=true` puts the runtime's RFC 3339 time and one space before each line. */
const STAMPED = /^(\d{4}-\d\d-\d\dT\S+) (.*)$/;

/**
 * A sink for one pod's log read with `timestamps=true`: each complete line becomes a
 * RuntimeLogLine naming the pod, with the time the container runtime gave it.
 */
export class PodLines extends Writable {
  readonly #pod: string;
  readonly #onLine: (line: RuntimeLogLine) => void;
  #partial = "";

  constructor(pod: string, onLine: (line: RuntimeLogLine) => void) {
    super();
    this.#pod = pod;
    this.#onLine = onLine;
    // client-node pipes the response into this sink without listening for the response's
    // errors; aborting a follow errors it, which must end this sink, not the process.
    this.on("pipe", (source) => source.on("error", () => this.end()));
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    const lines = (this.#partial + chunk.toString("utf8")).split("\n");
    this.#partial = lines.pop() ?? "";
    for (const line of lines) this.#emit(line);
    done();
  }

  override _final(done: () => void): void {
    if (this.#partial) this.#emit(this.#partial);
    this.#partial = "";
    done();
  }

  #emit(raw: string): void {
    const text = raw.replace(/\r$/, "");
    const stamped = STAMPED.exec(text);
    this.#onLine({
      pod: this.#pod,
      at: stamped?.[1] ?? new Date().toISOString(),
      line: stamped ? (stamped[2] ?? "") : text,
    });
  }
}
