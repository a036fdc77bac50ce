import type { ProgressEvent, Stage, StreamedEvent } from "../contracts/index.ts";

/**
 * The ordered event log in the object's SQLite storage. `id` is the global sequence clients
 * resume from; it is assigned here, one past the last row, so it has no gaps (an AUTOINCREMENT
 * would skip numbers on conflicts). Runner events are unique on (attempt, seq); events the edge
 * writes itself (watchdog, dead-letter failures) have their own sequence space so they can never
 * shadow a runner event that arrives later.
 */
export type EventOrigin = "runner" | "edge";

export const migrateEventLog = (sql: SqlStorage): void => {
  sql.exec(`CREATE TABLE IF NOT EXISTS events (
    id INTEGER PRIMARY KEY,
    origin TEXT NOT NULL,
    attempt INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    stage TEXT,
    body TEXT NOT NULL,
    UNIQUE (origin, attempt, seq)
  )`);
};

export const lastEventId = (sql: SqlStorage): number =>
  sql.exec<{ id: number | null }>("SELECT MAX(id) AS id FROM events").one().id ?? 0;

/** Appends one event; returns it as streamed, or null when (origin, attempt, seq) is known. */
export const appendEvent = (
  sql: SqlStorage,
  origin: EventOrigin,
  event: ProgressEvent,
): StreamedEvent | null => {
  const streamed: StreamedEvent = {
    ...event,
    id: lastEventId(sql) + 1,
    receivedAt: new Date().toISOString(),
  };
  const cursor = sql.exec(
    `INSERT INTO events (id, origin, attempt, seq, stage, body) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (origin, attempt, seq) DO NOTHING`,
    streamed.id,
    origin,
    event.attempt,
    event.seq,
    event.stage,
    JSON.stringify(streamed),
  );
  return cursor.rowsWritten > 0 ? streamed : null;
};

export const eventsAfter = (sql: SqlStorage, position: number): StreamedEvent[] =>
  sql
    .exec<{ body: string }>("SELECT body FROM events WHERE id > ? ORDER BY id", position)
    .toArray()
    .map((row) => JSON.parse(row.body) as StreamedEvent);

/** One past the highest seq an origin logged for an attempt, 0 if none. */
export const nextSeq = (sql: SqlStorage, origin: EventOrigin, attempt: number): number => {
  const { seq } = sql
    .exec<{ seq: number | null }>(
      "SELECT MAX(seq) AS seq FROM events WHERE origin = ? AND attempt = ?",
      origin,
      attempt,
    )
    .one();
  return seq === null ? 0 : seq + 1;
};

/** The stage an attempt last reported, to name where a failure without a stage happened. */
export const lastStage = (sql: SqlStorage, attempt: number): Stage | null =>
  (sql
    .exec<{ stage: string }>(
      "SELECT stage FROM events WHERE attempt = ? AND stage IS NOT NULL ORDER BY id DESC LIMIT 1",
      attempt,
    )
    .toArray()[0]?.stage as Stage | undefined) ?? null;

export const eventById = (sql: SqlStorage, id: number): StreamedEvent | null => {
  const row = sql.exec<{ body: string }>("SELECT body FROM events WHERE id = ?", id).toArray()[0];
  return row ? (JSON.parse(row.body) as StreamedEvent) : null;
};
