import { sql } from "drizzle-orm";
import { check, integer, sqliteTable, text, unique } from "drizzle-orm/sqlite-core";
import type { StreamedEvent } from "../contracts/index.ts";
import type { ProgressState } from "./progress-state.ts";

/**
 * The progress object's own SQLite tables (one database per deployment). Migrations in
 * `migrations/` are generated from this file with `npm run db:generate:progress`.
 */

export const EVENT_ORIGINS = ["runner", "edge"] as const;

/**
 * The ordered event log. `id` is the global sequence clients resume from. Runner events are
 * unique on (attempt, seq); events the edge writes itself have their own sequence space.
 */
export const events = sqliteTable(
  "events",
  {
    id: integer("id").primaryKey(),
    origin: text("origin", { enum: EVENT_ORIGINS }).notNull(),
    attempt: integer("attempt").notNull(),
    seq: integer("seq").notNull(),
    stage: text("stage"),
    body: text("body", { mode: "json" }).$type<StreamedEvent>().notNull(),
  },
  (table) => [unique("events_origin_attempt_seq").on(table.origin, table.attempt, table.seq)],
);

/** The object's view of its deployment: a single row. */
export const progressState = sqliteTable(
  "progress_state",
  {
    singleton: integer("singleton").primaryKey(),
    body: text("body", { mode: "json" }).$type<ProgressState>().notNull(),
  },
  (table) => [check("progress_state_singleton", sql`${table.singleton} = 1`)],
);

/** WebSocket tickets, stored as hashes and consumed on first use. */
export const wsTickets = sqliteTable("ws_tickets", {
  hash: text("hash").primaryKey(),
  organizationId: text("organization_id").notNull(),
  expiresAtMs: integer("expires_at_ms").notNull(),
});

/** Which runner instance holds each attempt. */
export const attemptClaims = sqliteTable("attempt_claims", {
  attempt: integer("attempt").primaryKey(),
  runnerId: text("runner_id").notNull(),
  renewedMs: integer("renewed_ms").notNull(),
});
