import { Cron } from "croner";
import { z } from "zod";

/** `web` serves HTTP on its port; `worker` runs a process without one; `cron` runs on a schedule. */
export const ServiceKind = z.enum(["web", "worker", "cron"]);
export type ServiceKind = z.infer<typeof ServiceKind>;

/** What a cron service does when its previous run is still going: Kubernetes' CronJob policy. */
export const ConcurrencyPolicy = z.enum(["Forbid", "Allow", "Replace"]);
export type ConcurrencyPolicy = z.infer<typeof ConcurrencyPolicy>;

/** Whether croner (which also parses seconds and macros) accepts the fields' values and ranges. */
const cronAccepts = (expression: string): boolean => {
  try {
    new Cron(expression, { paused: true });
    return true;
  } catch {
    return false;
  }
};

/**
 * A five-field cron expression (minute hour day-of-month month day-of-week), as a Kubernetes
 * CronJob's `schedule` takes it: no seconds field and no macros, each value in its range.
 */
export const CronSchedule = z
  .string()
  .max(100)
  .refine(
    (schedule) => /^\S+( \S+){4}$/.test(schedule.trim()) && !schedule.includes("@"),
    "must be a five-field cron expression such as */5 * * * *",
  )
  .refine((schedule) => cronAccepts(schedule.trim()), "has a field out of its range");

/** The container's command: the program and its arguments, as the image runs it. */
export const ServiceCommand = z.array(z.string().min(1).max(4096)).min(1).max(64);
