/**
 * The whole-stack files (e2e and reliability) start a Worker, a runner and a cluster each, and
 * some time crashes and deadlines: two at once on a small machine would slow each other past
 * those deadlines. They run beside the other files but take turns with each other: each one
 * holds this lock for its whole run. A lock left by a process that died is taken over.
 */
import { closeSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll } from "vitest";

const LOCK = join(tmpdir(), "enclave-tests-whole-stack.lock");
const POLL_MS = 200;
const GIVE_UP_MS = 20 * 60_000;

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
};

function tryLock(): boolean {
  try {
    const fd = openSync(LOCK, "wx");
    writeSync(fd, String(process.pid));
    closeSync(fd);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  let holder = Number.NaN;
  try {
    holder = Number(readFileSync(LOCK, "utf8"));
  } catch {
    return false;
  }
  // An empty file is a holder between creating and writing it: wait for it.
  if (Number.isInteger(holder) && holder > 0 && !alive(holder)) rmSync(LOCK, { force: true });
  return false;
}

function release(): void {
  try {
    if (Number(readFileSync(LOCK, "utf8")) === process.pid) rmSync(LOCK, { force: true });
  } catch {
    // Not held.
  }
}

const deadline = Date.now() + GIVE_UP_MS;
while (!tryLock()) {
  // Vitest's worker outlives nothing: a run that ended while this file waited ends it too.
  if (process.connected === false) process.exit(1);
  if (Date.now() > deadline) {
    throw new Error(`another whole-stack test file held ${LOCK} for over 20 minutes`);
  }
  await sleep(POLL_MS);
}
process.once("exit", release);
afterAll(release);
