import { and, desc, eq, gt, isNotNull, max, sql } from "drizzle-orm";
import type { ProgressEvent, Stage, StreamedEvent } from "../contracts/index.ts";
import { type EVENT_ORIGINS, events } from "./schema.ts";
import type { ProgressDb } from "./storage.ts";

/**
 * The ordered event log in the object's SQLite storage. `id` is the global sequence clients
 * resume from; it is assigned here, one past the last row, so it has no gaps (an AUTOINCREMENT
 * would skip numbers on conflicts). Runner events are unique on (attempt, seq); events the edge
 * writes itself (watchdog, dead-letter failures) have their own sequence space so they can never
 * shadow a runner event that arrives later.
 */
export type EventOrigin = (typeof EVENT_ORIGINS)[number];

export const lastEventId = (db: ProgressDb): number =>
  db
    .select({ id: max(events.id) })
    .from(events)
    .get()?.id ?? 0;

/** Appends one event; returns it as streamed, or null when (origin, attempt, seq) is known. */
export const appendEvent = (
  db: ProgressDb,
  origin: EventOrigin,
  event: ProgressEvent,
): StreamedEvent | null => {
  const streamed: StreamedEvent = {
    ...event,
    id: lastEventId(db) + 1,
    receivedAt: new Date().toISOString(),
  };
  const written = db
    .insert(events)
    .values({
      id: streamed.id,
      origin,
      attempt: event.attempt,
      seq: event.seq,
      stage: event.stage,
      body: streamed,
    })
    .onConflictDoNothing({ target: [events.origin, events.attempt, events.seq] })
    .returning({ id: events.id })
    .all();
  return written.length > 0 ? streamed : null;
};

export const eventsAfter = (db: ProgressDb, position: number): StreamedEvent[] =>
  db
    .select({ body: events.body })
    .from(events)
    .where(gt(events.id, position))
    .orderBy(events.id)
    .all()
    .map((row) => row.body);

/** One past the highest seq an origin logged for an attempt, 0 if none. */
export const nextSeq = (db: ProgressDb, origin: EventOrigin, attempt: number): number => {
  const seq = db
    .select({ seq: max(events.seq) })
    .from(events)
    .where(and(eq(events.origin, origin), eq(events.attempt, attempt)))
    .get()?.seq;
  return seq === null || seq === undefined ? 0 : seq + 1;
};

/** The stage an attempt last reported, to name where a failure without a stage happened. */
export const lastStage = (db: ProgressDb, attempt: number): Stage | null =>
  (db
    .select({ stage: events.stage })
    .from(events)
    .where(and(eq(events.attempt, attempt), isNotNull(events.stage)))
    .orderBy(desc(events.id))
    .limit(1)
    .get()?.stage as Stage | undefined) ?? null;

export const eventById = (db: ProgressDb, id: number): StreamedEvent | null =>
  db.select({ body: events.body }).from(events).where(eq(events.id, id)).get()?.body ?? null;

/** The runner's events that carry container log lines (`data.log`), in log order. */
export const logEvents = (db: ProgressDb): StreamedEvent[] =>
  db
    .select({ body: events.body })
    .from(events)
    .where(
      and(
        eq(events.origin, "runner"),
        sql`json_extract(${events.body}, '$.type') = 'stage.log'`,
        sql`json_extract(${events.body}, '$.data.log') IS NOT NULL`,
      ),
    )
    .orderBy(events.id)
    .all()
    .map((row) => row.body);
