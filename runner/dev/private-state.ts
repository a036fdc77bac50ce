import { chmodSync, lstatSync, mkdirSync, readdirSync } from "node:fs";
import { join } from "node:path";

/**
 * The state folder holds the cluster's credentials and every Secret, the local D1 database and
 * the development key, so it and everything in it belong to the user alone (folders 0700,
 * files 0600), state an earlier version left readable included. The umask keeps what the stack
 * and its children write from now on just as private.
 */
export function makePrivateStateDir(dir: string): void {
  process.umask(0o077);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  restrict(dir);
}

function restrict(path: string): void {
  const stat = lstatSync(path);
  if (stat.isSymbolicLink()) return;
  if (!stat.isDirectory()) {
    chmodSync(path, 0o600);
    return;
  }
  chmodSync(path, 0o700);
  for (const entry of readdirSync(path)) restrict(join(path, entry));
}
