import type { JobMessage } from "../../worker/contracts/index.ts";
import { describeError, type Logger } from "../log/logger.ts";

export type JobRun = (job: JobMessage, signal: AbortSignal) => Promise<void>;

interface Pending {
  job: JobMessage;
  key: string;
}

/** How many finished jobs are remembered, so a late duplicate delivery is recognised. */
const REMEMBERED_JOBS = 10_000;

export type Admission = "accepted" | "duplicate" | "shutting-down";

/** What the runner holds right now: jobs at work, and queued ones in the order they will start. */
export interface SchedulerSnapshot {
  running: JobMessage[];
  /** `position` 1 starts next, as far as the order can be known (tenants take turns). */
  queued: { job: JobMessage; position: number }[];
}

const jobKey = (job: JobMessage) => `${job.deploymentId}#${job.attempt}`;

/**
 * One FIFO queue per tenant (a tenant's jobs never interleave) under a global concurrency
 * bound, with tenants served round-robin so one busy tenant cannot starve the others.
 * A job is known by deployment and attempt: a duplicate delivery is acknowledged, not rerun.
 */
export class JobScheduler {
  readonly #run: JobRun;
  readonly #concurrency: number;
  readonly #logger: Logger;
  readonly #queues = new Map<string, Pending[]>();
  readonly #busyTenants = new Set<string>();
  readonly #known = new Set<string>();
  readonly #running = new Map<
    string,
    { job: JobMessage; promise: Promise<void>; abort: AbortController }
  >();
  #closing = false;

  constructor(options: { run: JobRun; concurrency: number; logger: Logger }) {
    this.#run = options.run;
    this.#concurrency = options.concurrency;
    this.#logger = options.logger;
  }

  submit(job: JobMessage): Admission {
    if (this.#closing) return "shutting-down";
    const key = jobKey(job);
    if (this.#known.has(key)) return "duplicate";
    this.#remember(key);
    const queue = this.#queues.get(job.tenantId) ?? [];
    queue.push({ job, key });
    this.#queues.set(job.tenantId, queue);
    this.#dispatch();
    return "accepted";
  }

  get running(): number {
    return this.#running.size;
  }

  get queued(): number {
    let count = 0;
    for (const queue of this.#queues.values()) count += queue.length;
    return count;
  }

  /**
   * Queued jobs in the order they would start: tenants take turns, so the next round takes
   * each waiting tenant's head in turn (a tenant already running waits for its own job first).
   */
  snapshot(): SchedulerSnapshot {
    const queued: SchedulerSnapshot["queued"] = [];
    const queues = [...this.#queues.values()];
    for (let round = 0; queued.length < this.queued; round++) {
      for (const queue of queues) {
        const pending = queue[round];
        if (pending) queued.push({ job: pending.job, position: queued.length + 1 });
      }
    }
    return { running: [...this.#running.values()].map((r) => r.job), queued };
  }

  /**
   * Stops taking jobs, lets running ones finish within `graceMs`, then aborts them. Queued
   * and aborted jobs are handed back to the caller, which returns them to the edge; every step
   * converges, so a later attempt picks up where this one stopped.
   */
  async close(graceMs: number): Promise<{ handedBack: JobMessage[] }> {
    this.#closing = true;
    const handedBack: JobMessage[] = [];
    for (const queue of this.#queues.values()) handedBack.push(...queue.map((p) => p.job));
    this.#queues.clear();
    const all = Promise.allSettled([...this.#running.values()].map((r) => r.promise));
    let timer: NodeJS.Timeout | undefined;
    const expired = await Promise.race([
      all.then(() => false),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(true), graceMs);
      }),
    ]);
    clearTimeout(timer);
    if (expired) {
      for (const running of this.#running.values()) {
        handedBack.push(running.job);
        running.abort.abort(new Error("runner shutting down"));
      }
      await all;
    }
    return { handedBack };
  }

  #remember(key: string): void {
    this.#known.add(key);
    if (this.#known.size > REMEMBERED_JOBS) {
      const oldest = this.#known.values().next().value;
      if (oldest !== undefined) this.#known.delete(oldest);
    }
  }

  #dispatch(): void {
    for (const [tenant, queue] of this.#queues) {
      if (this.#running.size >= this.#concurrency) return;
      if (this.#busyTenants.has(tenant)) continue;
      const next = queue.shift();
      if (queue.length === 0) this.#queues.delete(tenant);
      if (!next) continue;
      this.#start(tenant, next);
    }
  }

  #start(tenant: string, pending: Pending): void {
    this.#busyTenants.add(tenant);
    const abort = new AbortController();
    const promise = Promise.resolve()
      .then(() => this.#run(pending.job, abort.signal))
      .catch((error: unknown) => {
        this.#logger.error(
          {
            deploymentId: pending.job.deploymentId,
            ...describeError(error),
          },
          "job crashed",
        );
      })
      .finally(() => {
        this.#running.delete(pending.key);
        this.#busyTenants.delete(tenant);
        // Rotate the tenant to the back so the others get the next free slot first.
        const rest = this.#queues.get(tenant);
        if (rest) {
          this.#queues.delete(tenant);
          this.#queues.set(tenant, rest);
        }
        if (!this.#closing) this.#dispatch();
      });
    this.#running.set(pending.key, { job: pending.job, promise, abort });
  }
}
