import { chmodSync, existsSync, readFileSync, renameSync } from "node:fs";
import { DatabaseSync } from "node:sqlite";
import { findByKind } from "../api/catalog.ts";
import type { KubeObject } from "../api/types.ts";
import type { TokenState } from "../auth/tokens.ts";
import { type ObjectStore, objectKey, type StoreSnapshot } from "./store.ts";

export interface PersistedState {
  store: StoreSnapshot;
  tokens: TokenState;
}

/**
 * The cluster's state in SQLite (Node's built-in `node:sqlite`): one row per object, written
 * as objects change, so the cost of a change does not grow with the size of the cluster (the
 * earlier single JSON file was rewritten whole after every change). The file holds the admin
 * token and every Secret: it is the user's alone.
 */
export class StateDatabase {
  private readonly db: DatabaseSync;

  constructor(path: string) {
    this.db = new DatabaseSync(path);
    chmodSync(path, 0o600);
    this.db.exec(`
      PRAGMA journal_mode = WAL;
      PRAGMA synchronous = NORMAL;
      CREATE TABLE IF NOT EXISTS objects (key TEXT PRIMARY KEY, body TEXT NOT NULL) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
    `);
  }

  load(): PersistedState | undefined {
    const meta = new Map(
      this.db
        .prepare("SELECT name, value FROM meta")
        .all()
        .map((row) => [String(row.name), String(row.value)]),
    );
    const tokens = meta.get("tokens");
    if (!tokens) return undefined;
    const objects = this.db
      .prepare("SELECT body FROM objects")
      .all()
      .map((row) => JSON.parse(String(row.body)) as KubeObject);
    return {
      store: { resourceVersion: Number(meta.get("resourceVersion") ?? 0), objects },
      tokens: JSON.parse(tokens) as TokenState,
    };
  }

  /** Writes changed and removed objects (by key; null removes) and the metadata in one transaction. */
  write(changes: Map<string, KubeObject | null>, resourceVersion: number, tokens: TokenState) {
    const upsert = this.db.prepare(
      "INSERT INTO objects (key, body) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET body = excluded.body",
    );
    const remove = this.db.prepare("DELETE FROM objects WHERE key = ?");
    const setMeta = this.db.prepare(
      "INSERT INTO meta (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value",
    );
    this.db.exec("BEGIN");
    try {
      for (const [key, object] of changes) {
        if (object) upsert.run(key, JSON.stringify(object));
        else remove.run(key);
      }
      setMeta.run("resourceVersion", String(resourceVersion));
      setMeta.run("tokens", JSON.stringify(tokens));
      this.db.exec("COMMIT");
    } catch (error) {
      this.db.exec("ROLLBACK");
      throw error;
    }
  }

  close(): void {
    this.db.close();
  }
}

/**
 * Opens the state database and reads it. A state file of the earlier JSON format is moved
 * into it once (and renamed `.migrated`); that start reads the JSON only once.
 */
export function openState(
  path: string,
  legacyJsonPath?: string,
): { db: StateDatabase; saved: PersistedState | undefined } {
  const db = new StateDatabase(path);
  const saved = db.load();
  if (!legacyJsonPath || !existsSync(legacyJsonPath)) return { db, saved };
  const migrated = `${legacyJsonPath}.migrated`;
  if (saved) {
    renameSync(legacyJsonPath, migrated);
    return { db, saved };
  }
  const legacy = JSON.parse(readFileSync(legacyJsonPath, "utf8")) as PersistedState;
  const rows: [string, KubeObject][] = [];
  for (const object of legacy.store.objects) {
    const type = findByKind(object.apiVersion, object.kind);
    if (type)
      rows.push([objectKey(type, object.metadata.namespace, object.metadata.name ?? ""), object]);
  }
  // In key order: the table is clustered on the key, and appending to its B-tree instead of
  // splitting pages all over it makes this one large write about a quarter faster.
  rows.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  db.write(new Map(rows), legacy.store.resourceVersion, legacy.tokens);
  renameSync(legacyJsonPath, migrated);
  chmodSync(migrated, 0o600);
  return { db, saved: legacy };
}

export function restoreStore(store: ObjectStore, state: PersistedState): void {
  store.restore(state.store, (object) => findByKind(object.apiVersion, object.kind));
}

/**
 * Writes what changed shortly after each change (and on close), so a restarted emulator
 * comes back with the same objects and credentials.
 */
export function persistOnChange(
  store: ObjectStore,
  db: StateDatabase,
  tokens: () => TokenState,
  delayMs = 100,
) {
  let timer: NodeJS.Timeout | undefined;
  let changes = new Map<string, KubeObject | null>();
  const flush = () => {
    timer = undefined;
    const written = changes;
    changes = new Map();
    db.write(written, store.resourceVersion, tokens());
  };
  const unsubscribe = store.subscribe((event) => {
    const { namespace, name = "" } = event.object.metadata;
    changes.set(
      objectKey(event.resource, namespace, name),
      event.type === "DELETED" ? null : event.object,
    );
    timer ??= setTimeout(flush, delayMs);
  });
  return {
    close() {
      unsubscribe();
      if (timer) clearTimeout(timer);
      flush();
      db.close();
    },
  };
}
