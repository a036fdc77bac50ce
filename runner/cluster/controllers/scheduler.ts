/**
 * Timers the simulated controllers and nodes use, collected so the cluster can stop
 * them all on close; a failing callback is reported, never thrown into the event loop.
 */
export class Scheduler {
  private readonly timers = new Set<NodeJS.Timeout>();
  private closed = false;
  private readonly onError: (error: unknown) => void;

  constructor(onError: (error: unknown) => void) {
    this.onError = onError;
  }

  after(delayMs: number, task: () => void | Promise<void>): () => void {
    if (this.closed) return () => {};
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (this.closed) return;
      Promise.resolve()
        .then(task)
        .catch((error: unknown) => this.onError(error));
    }, delayMs);
    this.timers.add(timer);
    return () => {
      clearTimeout(timer);
      this.timers.delete(timer);
    };
  }

  close(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}

/** Coalesces reconcile requests per key: many changes to one object, one reconcile. */
export class WorkQueue {
  private readonly pending = new Set<string>();
  private readonly scheduler: Scheduler;
  private readonly reconcile: (key: string) => void | Promise<void>;

  constructor(scheduler: Scheduler, reconcile: (key: string) => void | Promise<void>) {
    this.scheduler = scheduler;
    this.reconcile = reconcile;
  }

  add(key: string, delayMs = 0): void {
    if (delayMs > 0) {
      this.scheduler.after(delayMs, () => this.add(key));
      return;
    }
    if (this.pending.has(key)) return;
    this.pending.add(key);
    this.scheduler.after(0, async () => {
      this.pending.delete(key);
      await this.reconcile(key);
    });
  }
}
