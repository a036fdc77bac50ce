import { ApiError } from "../errors/api-error.ts";
import { DAY_MS, dayStart, utcDay } from "./days.ts";

/** The default report covers the last 30 days, today included. */
const DEFAULT_DAYS = 30;
/** The longest range one report covers. */
export const MAX_DAYS = 366;

export function usageRange(
  query: { from?: string | undefined; to?: string | undefined },
  now: number,
): { from: string; to: string } {
  const to = query.to ?? utcDay(now);
  const from = query.from ?? utcDay(dayStart(to) - (DEFAULT_DAYS - 1) * DAY_MS);
  const days = (dayStart(to) - dayStart(from)) / DAY_MS + 1;
  if (days < 1) {
    throw new ApiError("validation_failed", "The request is invalid", [
      { path: "from", message: "must not be after to" },
    ]);
  }
  if (days > MAX_DAYS) {
    throw new ApiError("validation_failed", "The request is invalid", [
      { path: "from", message: `the range may cover at most ${MAX_DAYS} days` },
    ]);
  }
  return { from, to };
}
