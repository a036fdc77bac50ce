import { Writable } from "node:stream";
import type { Stage } from "../../worker/contracts/index.ts";
import type { ProgressReporter } from "../edge/reporter.ts";

/** Whose log a sink carries: the service it was built or run for, and the container. */
export interface LogSource {
  service: string;
  container: string;
}

/** Progress messages are capped at 4096 characters; lines are grouped below that. */
const MAX_EVENT_CHARS = 4000;

/**
 * A sink for a container's log: complete lines become `stage.log` events (lines written in
 * the same tick share one event), and the last lines are kept for a failure message. Each
 * event's `data.log` names the service and container whose lines it carries, which is how the
 * edge tells a deployment's log lines from the pipeline's own messages.
 */
export class LogLines extends Writable {
  readonly #reporter: ProgressReporter;
  readonly #stage: Stage;
  readonly #prefix: string;
  readonly #keep: number;
  readonly #source: LogSource;
  readonly #tail: string[] = [];
  #partial = "";
  #pending: string[] = [];
  #scheduled = false;

  constructor(reporter: ProgressReporter, stage: Stage, source: LogSource, keep: number) {
    super();
    this.#reporter = reporter;
    this.#stage = stage;
    this.#source = source;
    this.#prefix = `${source.service} | `;
    this.#keep = keep;
    // client-node pipes the response into this sink without listening for the response's
    // errors; an aborted stream errors it, which must end this sink, not the process.
    this.on("pipe", (source) => source.on("error", () => this.end()));
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
        this.#emit(message);
        message = "";
      }
      message = message ? `${message}\n${next}` : next;
    }
    if (message) this.#emit(message);
    this.#pending = [];
  }

  #emit(message: string): void {
    this.#reporter.emit({
      stage: this.#stage,
      type: "stage.log",
      message,
      data: { log: { service: this.#source.service, container: this.#source.container } },
    });
  }
}
