import type { EventType, ProgressEvent, Stage } from "../../worker/contracts/index.ts";
import { describeError, type Logger } from "../log/logger.ts";
import { type Backoff, withRetry } from "../retry/retry.ts";
import { sleep } from "../retry/sleep.ts";
import { EdgeError, edgeRetryAfterMs, isRetryableEdgeError } from "./client.ts";

const MAX_BATCH = 200;
const MAX_MESSAGE = 4096;
/** Secrets shorter than this are too likely to match ordinary words to be redacted safely. */
const MIN_REDACTED_LENGTH = 4;

export interface ProgressInput {
  stage: Stage | null;
  type: EventType;
  message: string;
  durationMs?: number;
  data?: Record<string, unknown>;
}

/** What the edge answers to an event batch, as far as the runner acts on it. */
export interface PostAnswer {
  /** The deployment was cancelled: the job stops at its next step. */
  cancelled?: boolean;
}

export interface ReporterOptions {
  deploymentId: string;
  attempt: number;
  /** The spec's `progress.nextSeq`: a second execution of an attempt continues its numbering. */
  firstSeq: number;
  /** Resolves with the edge's answer, a `PostAnswer` when it says more than "accepted". */
  post: (deploymentId: string, batch: { events: ProgressEvent[] }) => Promise<unknown>;
  logger: Logger;
  backoff: Backoff;
  /** Past this many undelivered events, new log lines are dropped (and counted), never stage events. */
  maxBuffered: number;
  /**
   * The edge answered 409 (another runner holds this attempt now: the lease lapsed) or 403
   * (the deployment moved on to a later attempt, so this attempt's token is refused). Nothing
   * more is sent, and the job should stop: its work would only be redone by the holder.
   */
  onClaimLost?: () => void;
  /** The edge answered that the deployment was cancelled; called once. Delivery goes on. */
  onCancelled?: () => void;
}

/**
 * Ordered, batched delivery of one attempt's progress. `emit` never waits: events queue up
 * while one POST is in flight and go out together; failures retry with backoff in the
 * background, so a slow edge never slows the pipeline and never decides its outcome.
 */
export class ProgressReporter {
  readonly #options: ReporterOptions;
  readonly #queue: ProgressEvent[] = [];
  readonly #secrets: string[] = [];
  readonly #stop = new AbortController();
  #seq: number;
  #droppedLogs = 0;
  #cancelled = false;
  #flushing: Promise<void> | undefined;

  constructor(options: ReporterOptions) {
    this.#options = options;
    this.#seq = options.firstSeq;
  }

  /** Values that must never appear in an event (env values, generated passwords). */
  redact(values: Iterable<string>): void {
    for (const value of values) {
      if (value.length >= MIN_REDACTED_LENGTH) this.#secrets.push(value);
    }
    this.#secrets.sort((a, b) => b.length - a.length);
  }

  emit(input: ProgressInput): void {
    if (input.type === "stage.log" && this.#queue.length >= this.#options.maxBuffered) {
      this.#droppedLogs += 1;
      return;
    }
    this.#queue.push({
      deploymentId: this.#options.deploymentId,
      attempt: this.#options.attempt,
      seq: this.#seq++,
      stage: input.stage,
      type: input.type,
      message: this.#scrub(input.message).slice(0, MAX_MESSAGE),
      at: new Date().toISOString(),
      ...(input.durationMs === undefined
        ? {}
        : { durationMs: Math.max(0, Math.round(input.durationMs)) }),
      ...(input.data === undefined ? {} : { data: input.data }),
    });
    this.#kick();
  }

  /**
   * Waits up to `timeoutMs` for delivery, then gives up on what is left.
   * Resolves with how many events were left undelivered.
   */
  async close(timeoutMs: number): Promise<number> {
    const deadline = sleep(timeoutMs, this.#stop.signal);
    await Promise.race([this.#idle(), deadline]);
    this.#stop.abort();
    const undelivered = this.#queue.length;
    if (undelivered > 0 || this.#droppedLogs > 0) {
      this.#options.logger.warn(
        {
          deploymentId: this.#options.deploymentId,
          attempt: this.#options.attempt,
          undelivered,
          droppedLogs: this.#droppedLogs,
        },
        "progress events not delivered",
      );
    }
    return undelivered;
  }

  #kick(): void {
    this.#flushing ??= this.#drain().finally(() => {
      this.#flushing = undefined;
      if (this.#queue.length > 0 && !this.#stop.signal.aborted) this.#kick();
    });
  }

  async #idle(): Promise<void> {
    while (this.#flushing) await this.#flushing;
  }

  async #drain(): Promise<void> {
    // Let events emitted in the same tick join the first batch.
    await new Promise<void>((resolve) => setImmediate(resolve));
    while (this.#queue.length > 0 && !this.#stop.signal.aborted) {
      let events: ProgressEvent[] = [];
      try {
        // Each try takes the queue's head afresh, so events emitted meanwhile join the batch.
        const answer = await withRetry(
          () => {
            events = this.#queue.slice(0, MAX_BATCH);
            return this.#options.post(this.#options.deploymentId, { events });
          },
          {
            policy: { ...this.#options.backoff, attempts: Number.POSITIVE_INFINITY },
            retryable: isRetryableEdgeError,
            retryAfterMs: edgeRetryAfterMs,
            signal: this.#stop.signal,
          },
        );
        this.#queue.splice(0, events.length);
        if ((answer as PostAnswer | undefined)?.cancelled && !this.#cancelled) {
          this.#cancelled = true;
          this.#options.onCancelled?.();
        }
      } catch (error) {
        if (this.#stop.signal.aborted) return;
        // 409: another runner holds the attempt; 403: the attempt is stale, its token refused.
        if (error instanceof EdgeError && (error.status === 409 || error.status === 403)) {
          this.#options.logger.warn(
            {
              deploymentId: this.#options.deploymentId,
              attempt: this.#options.attempt,
            },
            "attempt claimed by another runner; stopping its progress",
          );
          this.#queue.length = 0;
          this.#stop.abort();
          this.#options.onClaimLost?.();
          return;
        }
        // A refusal that another try cannot change (or a failure p-retry never retries).
        this.#options.logger.error(
          {
            deploymentId: this.#options.deploymentId,
            firstSeq: events[0]?.seq,
            count: events.length,
            ...describeError(error),
          },
          "edge refused progress events; dropping them",
        );
        this.#queue.splice(0, events.length);
      }
    }
  }

  #scrub(message: string): string {
    let clean = message;
    for (const secret of this.#secrets) clean = clean.replaceAll(secret, "[redacted]");
    return clean;
  }
}
