import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { findByKind } from "../api/catalog.ts";
import type { TokenState } from "../auth/tokens.ts";
import type { ObjectStore, StoreSnapshot } from "./store.ts";

export interface PersistedState {
  store: StoreSnapshot;
  tokens: TokenState;
}

export function loadState(path: string): PersistedState | undefined {
  if (!existsSync(path)) return undefined;
  return JSON.parse(readFileSync(path, "utf8")) as PersistedState;
}

export function restoreStore(store: ObjectStore, state: PersistedState): void {
  store.restore(state.store, (object) => findByKind(object.apiVersion, object.kind));
}

/**
 * Writes the cluster to a file shortly after each change (and on close), atomically,
 * so a restarted emulator comes back with the same objects and credentials.
 */
export function persistOnChange(
  store: ObjectStore,
  path: string,
  tokens: () => TokenState,
  delayMs = 200,
) {
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    timer = undefined;
    const state: PersistedState = { store: store.snapshot(), tokens: tokens() };
    writeFileSync(`${path}.tmp`, JSON.stringify(state));
    renameSync(`${path}.tmp`, path);
  };
  const unsubscribe = store.subscribe(() => {
    timer ??= setTimeout(flush, delayMs);
  });
  return {
    close() {
      unsubscribe();
      if (timer) clearTimeout(timer);
      flush();
    },
  };
}
