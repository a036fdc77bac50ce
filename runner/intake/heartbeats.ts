import type { JobMessage } from "../../worker/contracts/index.ts";
import { describeError, type Logger } from "../log/logger.ts";
import type { SchedulerSnapshot } from "./scheduler.ts";

export interface HeartbeatOptions {
  snapshot(): SchedulerSnapshot;
  send(
    deploymentId: string,
    beat: { attempt: number; state: "queued" | "running"; position?: number },
  ): Promise<boolean>;
  logger: Logger;
  /** How often running jobs say they are alive: well within the edge's watchdog time. */
  runningMs: number;
  /** How often a queued job reports where it stands (also as soon as it is first seen queued). */
  queuedMs: number;
}

const keyOf = (job: JobMessage) => `${job.deploymentId}#${job.attempt}`;

/**
 * Waiting is not silence: a job queued behind the concurrency limit, or running through a
 * long quiet step (a rollout, a build), tells the edge it is still held, so the watchdog does
 * not take it for lost and dispatch it again. Failed beats are logged and tried next time.
 */
export function startHeartbeats(options: HeartbeatOptions): { stop(): void } {
  const lastQueuedBeat = new Map<string, number>();
  let beating = false;

  const beat = async () => {
    const { running, queued } = options.snapshot();
    const now = Date.now();
    const beats: [JobMessage, { state: "queued" | "running"; position?: number }][] = running.map(
      (job) => [job, { state: "running" }],
    );
    const stillQueued = new Set<string>();
    for (const { job, position } of queued) {
      const key = keyOf(job);
      stillQueued.add(key);
      if (now - (lastQueuedBeat.get(key) ?? 0) < options.queuedMs) continue;
      lastQueuedBeat.set(key, now);
      beats.push([job, { state: "queued", position }]);
    }
    for (const key of lastQueuedBeat.keys()) if (!stillQueued.has(key)) lastQueuedBeat.delete(key);
    await Promise.all(
      beats.map(([job, state]) =>
        options.send(job.deploymentId, { attempt: job.attempt, ...state }).catch((error) => {
          options.logger.warn(
            { deploymentId: job.deploymentId, attempt: job.attempt, ...describeError(error) },
            "heartbeat not delivered",
          );
        }),
      ),
    );
  };

  const timer = setInterval(() => {
    if (beating) return;
    beating = true;
    void beat().finally(() => {
      beating = false;
    });
  }, options.runningMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
