import { Writable } from "node:stream";
import type { Stage } from "../../worker/contracts/index.ts";
import type { ProgressReporter } from "../edge/reporter.ts";

/** Progress messages are capped at 4096 characters; lines are grouped below that. */
const MAX_EVENT_CHARS = 4000;

/**
 * A sink for a container's log: complete lines become `stage.log` events (lines written in
 * the same tick share one event), and the last lines are kept for a failure message.
 */
export class LogLines extends Writable {
  readonly #reporter: ProgressReporter;
  readonly #stage: Stage;
  readonly #prefix: string;
  readonly #keep: number;
  readonly #tail: string[] = [];
  #partial = "";
  #pending: string[] = [];
  #scheduled = false;

  constructor(reporter: ProgressReporter, stage: Stage, prefix: string, keep: number) {
    super();
    this.#reporter = reporter;
    this.#stage = stage;
    this.#prefix = prefix;
    this.#keep = keep;
  }

  /** The last lines seen, oldest first. */
  get tail(): string[] {
    return [...this.#tail];
  }

  override _write(
    chunk: Buffer,
    _encoding: BufferEncoding,
    done: (error?: Error | null) => void,
  ): void {
    const lines = (this.#partial + chunk.toString("utf8")).split("\n");
    this.#partial = lines.pop() ?? "";
    for (const line of lines) this.#push(line);
    done();
  }

  override _final(done: (error?: Error | null) => void): void {
    if (this.#partial) this.#push(this.#partial);
    this.#partial = "";
    this.#flush();
    done();
  }

  #push(line: string): void {
    const clean = line.replace(/\r$/, "");
    this.#tail.push(clean);
    if (this.#tail.length > this.#keep) this.#tail.shift();
    this.#pending.push(clean);
    if (!this.#scheduled) {
      this.#scheduled = true;
      setImmediate(() => this.#flush());
    }
  }

  #flush(): void {
    this.#scheduled = false;
    let message = "";
    for (const line of this.#pending) {
      const next = `${this.#prefix}${line.slice(0, MAX_EVENT_CHARS)}`;
      if (message && message.length + next.length + 1 > MAX_EVENT_CHARS) {
        this.#reporter.emit({ stage: this.#stage, type: "stage.log", message });
        message = "";
      }
      message = message ? `${message}\n${next}` : next;
    }
    if (message) this.#reporter.emit({ stage: this.#stage, type: "stage.log", message });
    this.#pending = [];
  }
}
