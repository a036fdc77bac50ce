import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { progressStub } from "../../../worker/progress/deployment-ref.ts";
import { eventsAfter } from "../../../worker/progress/event-log.ts";
import journal from "../../../worker/progress/migrations/meta/_journal.json";
import { initialProgressState } from "../../../worker/progress/progress-state.ts";
import { migrateProgressDb, openProgressDb } from "../../../worker/progress/storage.ts";
import { workerEnv } from "../harness.ts";
import { progressEvent } from "../support/events.ts";
import { claimSpec } from "../support/runner-api.ts";
import { seedDeployment } from "../support/seed.ts";

/** The tables as objects created them before their storage had versioned migrations. */
const LEGACY_DDL = [
  `CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    origin TEXT NOT NULL,
    attempt INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    stage TEXT,
    body TEXT NOT NULL,
    UNIQUE (origin, attempt, seq)
  )`,
  `CREATE TABLE progress_state (
    singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
    body TEXT NOT NULL
  )`,
  `CREATE TABLE ws_tickets (
    hash TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL,
    expires_at_ms INTEGER NOT NULL
  )`,
  `CREATE TABLE attempt_claims (
    attempt INTEGER PRIMARY KEY,
    runner_id TEXT NOT NULL,
    renewed_ms INTEGER NOT NULL
  )`,
];

const TABLES = ["events", "progress_state", "ws_tickets", "attempt_claims"];

describe("progress object storage migrations", () => {
  it("runs every migration when the object starts, and each only once", async () => {
    const { deploymentId } = await seedDeployment();
    const applied = await runInDurableObject(
      progressStub(workerEnv, deploymentId),
      async (_, state) => {
        const count = () =>
          state.storage.sql
            .exec<{ n: number }>("SELECT COUNT(*) AS n FROM __drizzle_migrations")
            .one().n;
        const atStart = count();
        await migrateProgressDb(openProgressDb(state.storage));
        return [atStart, count()];
      },
    );
    expect(applied).toEqual([journal.entries.length, journal.entries.length]);
  });

  it("keeps the log, state and claims of an object created before versioned migrations", async () => {
    const seeded = await seedDeployment();
    const id = seeded.deploymentId;
    const event = { ...progressEvent(id), id: 1, receivedAt: new Date().toISOString() };
    const replayed = await runInDurableObject(progressStub(workerEnv, id), async (_, state) => {
      const { sql } = state.storage;
      for (const table of [...TABLES, "__drizzle_migrations"]) sql.exec(`DROP TABLE ${table}`);
      for (const ddl of LEGACY_DDL) sql.exec(ddl);
      sql.exec(
        "INSERT INTO progress_state (singleton, body) VALUES (1, ?)",
        JSON.stringify(initialProgressState(seeded.ref, Date.now())),
      );
      sql.exec(
        "INSERT INTO events (id, origin, attempt, seq, stage, body) VALUES (1, 'runner', 1, 0, ?, ?)",
        event.stage,
        JSON.stringify(event),
      );
      sql.exec(
        "INSERT INTO attempt_claims (attempt, runner_id, renewed_ms) VALUES (1, 'runner-a', ?)",
        Date.now(),
      );
      const db = openProgressDb(state.storage);
      await migrateProgressDb(db);
      return eventsAfter(db, 0);
    });

    expect(replayed).toEqual([event]);
    const refused = await claimSpec(id, 1, "runner-b");
    expect(refused.status).toBe(409);
    const resumed = await claimSpec(id, 1, "runner-a");
    expect(resumed.status).toBe(200);
    expect(await resumed.json()).toMatchObject({ progress: { nextSeq: 1 } });
  });
});
