import type { Env } from "../env.ts";
import { utcDay } from "./days.ts";

/** Requests per UTC day that this isolate counted and its organization's limiter has not. */
export type DayCounts = Record<string, number>;

/**
 * How long after one report an isolate waits before the next: a busy isolate sends about one
 * report a second per organization instead of one per request it serves.
 */
const DEFAULT_SPACING_MS = 1000;

interface Tally {
  counts: DayCounts;
  /** When the last report was sent; 0 before the first. */
  sentAt: number;
  /** Whether a request's background work is sending this organization's reports. */
  reporting: boolean;
}

const tallies = new Map<string, Tally>();

export function mergeCounts(into: DayCounts, counts: DayCounts): DayCounts {
  for (const [day, n] of Object.entries(counts)) into[day] = (into[day] ?? 0) + n;
  return into;
}

const isEmpty = (counts: DayCounts) => Object.keys(counts).length === 0;

export const reportSpacingMs = (env: Pick<Env, "USAGE_REPORT_SPACING_MS">): number => {
  const configured = Number(env.USAGE_REPORT_SPACING_MS);
  return env.USAGE_REPORT_SPACING_MS !== undefined && Number.isFinite(configured) && configured >= 0
    ? configured
    : DEFAULT_SPACING_MS;
};

/**
 * Sends the organization's counts to its limiter until none are left: the first report at
 * once, each later one a spacing after the one before, so the requests that arrive meanwhile
 * join it. A failed report keeps its counts for the next request to send.
 */
async function report(env: Env, organizationId: string, tally: Tally): Promise<void> {
  const spacing = reportSpacingMs(env);
  try {
    const limiter = env.RATE_LIMITER.get(env.RATE_LIMITER.idFromName(organizationId));
    while (!isEmpty(tally.counts)) {
      const wait = tally.sentAt + spacing - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const counts = tally.counts;
      tally.counts = {};
      tally.sentAt = Date.now();
      try {
        await limiter.recordRequests(organizationId, counts);
      } catch {
        mergeCounts(tally.counts, counts);
        return;
      }
    }
  } finally {
    tally.reporting = false;
  }
}

/**
 * Counts one authenticated request for usage. Nothing is written on the request's path: the
 * count goes to the organization's limiter after the response (waitUntil of whichever request
 * is sending the organization's reports), and the limiter writes D1 on its own schedule.
 */
export function countRequest(
  env: Env,
  organizationId: string,
  waitUntil: (promise: Promise<unknown>) => void,
): void {
  let tally = tallies.get(organizationId);
  if (!tally) {
    tally = { counts: {}, sentAt: 0, reporting: false };
    tallies.set(organizationId, tally);
  }
  const day = utcDay(Date.now());
  tally.counts[day] = (tally.counts[day] ?? 0) + 1;
  if (tally.reporting) return;
  tally.reporting = true;
  waitUntil(report(env, organizationId, tally));
}
