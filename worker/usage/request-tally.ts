import type { Env } from "../env.ts";
import { utcDay } from "./days.ts";

/** Requests per UTC day that this isolate counted and its organization's limiter has not. */
export type DayCounts = Record<string, number>;

const unreported = new Map<string, DayCounts>();
const reporting = new Set<string>();

export function mergeCounts(into: DayCounts, counts: DayCounts): DayCounts {
  for (const [day, n] of Object.entries(counts)) into[day] = (into[day] ?? 0) + n;
  return into;
}

/**
 * Hands the organization's unreported counts to its limiter, one call at a time per isolate:
 * requests that arrive while a call is under way join the next one, so a busy isolate makes
 * a few calls a second however many requests it serves. A failed call keeps its counts for
 * the next request's report.
 */
async function report(env: Env, organizationId: string): Promise<void> {
  reporting.add(organizationId);
  try {
    const limiter = env.RATE_LIMITER.get(env.RATE_LIMITER.idFromName(organizationId));
    for (let counts = unreported.get(organizationId); counts; ) {
      unreported.delete(organizationId);
      try {
        await limiter.recordRequests(organizationId, counts);
      } catch {
        unreported.set(organizationId, mergeCounts(unreported.get(organizationId) ?? {}, counts));
        return;
      }
      counts = unreported.get(organizationId);
    }
  } finally {
    reporting.delete(organizationId);
  }
}

/**
 * Counts one authenticated request for usage. Nothing is written on the request's path: the
 * count goes to the organization's limiter after the response (waitUntil), and the limiter
 * writes D1 on its own schedule.
 */
export function countRequest(
  env: Env,
  organizationId: string,
  waitUntil: (promise: Promise<unknown>) => void,
): void {
  const counts = unreported.get(organizationId) ?? {};
  const day = utcDay(Date.now());
  counts[day] = (counts[day] ?? 0) + 1;
  unreported.set(organizationId, counts);
  if (!reporting.has(organizationId)) waitUntil(report(env, organizationId));
}
