import { sql } from "drizzle-orm";
import { createDb } from "../db/client.ts";
import { usageRequestsDaily } from "../db/schema.ts";
import type { DayCounts } from "./request-tally.ts";

/** How long a limiter gathers request counts before it writes them to D1. */
export const FLUSH_DELAY_MS = 60_000;

/** Adds an organization's gathered counts to its daily rows, in one statement. */
export async function flushRequestCounts(
  d1: D1Database,
  organizationId: string,
  counts: DayCounts,
): Promise<void> {
  const rows = Object.entries(counts).map(([day, requests]) => ({ organizationId, day, requests }));
  if (rows.length === 0) return;
  await createDb(d1)
    .insert(usageRequestsDaily)
    .values(rows)
    .onConflictDoUpdate({
      target: [usageRequestsDaily.organizationId, usageRequestsDaily.day],
      set: { requests: sql`${usageRequestsDaily.requests} + excluded.requests` },
    });
}
