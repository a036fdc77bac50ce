import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, describe, expect, it } from "vitest";
import { portIsFree } from "../../runner/dev/port-owner.ts";
import { repoRoot } from "../../runner/dev/stack.ts";
import { freePort } from "./harness.ts";

interface Started {
  main: ChildProcess;
  output: () => string;
  ports: { edge: number; runner: number; cluster: number };
  stateDir: string;
  exited: Promise<number | null>;
}

/** `npm start` as a user runs it: runner/dev/main.ts in its own process, on free ports. */
async function npmStart(ports?: Partial<Started["ports"]>): Promise<Started> {
  const stateDir = mkdtempSync(join(tmpdir(), "enclave-start-"));
  const all = {
    edge: ports?.edge ?? (await freePort()),
    runner: ports?.runner ?? (await freePort()),
    cluster: ports?.cluster ?? (await freePort()),
  };
  const main = spawn(process.execPath, [join(repoRoot, "runner/dev/main.ts")], {
    cwd: repoRoot,
    env: {
      ...process.env,
      NO_COLOR: "1",
      ENCLAVE_STATE_DIR: stateDir,
      ENCLAVE_EDGE_PORT: String(all.edge),
      ENCLAVE_RUNNER_PORT: String(all.runner),
      ENCLAVE_CLUSTER_PORT: String(all.cluster),
      ENCLAVE_CLUSTER_TIMINGS: "test",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  main.stdout?.on("data", (chunk) => {
    output += String(chunk);
  });
  main.stderr?.on("data", (chunk) => {
    output += String(chunk);
  });
  const exited = new Promise<number | null>((resolve) => main.once("exit", resolve));
  started.push({ main, stateDir });
  return { main, output: () => output, ports: all, stateDir, exited };
}

const started: { main: ChildProcess; stateDir: string }[] = [];
const groups = new Set<number>();

/** Every process in the process groups of `parent`'s children (each component leads one). */
function descendants(parent: number): number[] {
  const rows = execFileSync("ps", ["-eo", "pid=,ppid=,pgid="], { encoding: "utf8" })
    .trim()
    .split("\n")
    .map((line) => line.trim().split(/\s+/).map(Number) as [number, number, number]);
  for (const [pid, ppid] of rows) if (ppid === parent) groups.add(pid);
  return rows.filter(([, , pgid]) => groups.has(pgid)).map(([pid]) => pid);
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * Waits for `check`, collecting the stack's processes meanwhile so none goes unnoticed. Ends
 * early when `npm start` exits, and says what it printed when it fails.
 */
async function until(
  check: () => Promise<boolean> | boolean,
  stack: Started,
  seen: Set<number>,
  timeoutMs: number,
) {
  const parent = stack.main.pid ?? 0;
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    for (const pid of descendants(parent)) seen.add(pid);
    const exited = stack.main.exitCode !== null || stack.main.signalCode !== null;
    if (exited || Date.now() > deadline) {
      const what = exited ? "npm start exited" : `timed out after ${timeoutMs} ms`;
      throw new Error(`${what}; its output ends:\n${stack.output().slice(-4000)}`);
    }
    await sleep(100);
  }
  for (const pid of descendants(parent)) seen.add(pid);
}

async function allGone(pids: Set<number>, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while ([...pids].some(alive) && Date.now() < deadline) await sleep(100);
  return [...pids].filter(alive);
}

const listening = async (port: number) => !(await portIsFree("127.0.0.1", port));

afterEach(async () => {
  for (const { main, stateDir } of started.splice(0)) {
    if (main.exitCode === null && main.signalCode === null) main.kill("SIGKILL");
    for (const group of groups) {
      try {
        process.kill(-group, "SIGKILL");
      } catch {
        // Already gone, as it should be.
      }
    }
    groups.clear();
    rmSync(stateDir, { recursive: true, force: true });
  }
});

describe.sequential("npm start's processes", () => {
  it("stops everything it started on SIGTERM during start-up, and starts again on the same ports", async () => {
    const first = await npmStart();
    const seen = new Set<number>();
    await until(() => listening(first.ports.cluster), first, seen, 90_000);
    expect(seen.size).toBeGreaterThan(0);
    first.main.kill("SIGTERM");
    expect(await first.exited).toBe(0);
    expect(await allGone(seen)).toEqual([]);
    for (const port of Object.values(first.ports)) expect(await listening(port)).toBe(false);
    // The state is the user's alone, the cluster's (admin token, every Secret) first.
    expect(statSync(first.stateDir).mode & 0o777).toBe(0o700);
    expect(statSync(join(first.stateDir, "cluster-state.db")).mode & 0o777).toBe(0o600);

    const second = await npmStart(first.ports);
    const again = new Set<number>();
    await until(() => listening(second.ports.cluster), second, again, 90_000);
    second.main.kill("SIGINT");
    expect(await second.exited).toBe(0);
    expect(await allGone(again)).toEqual([]);
  }, 300_000);

  it("takes every child with it when killed outright (SIGKILL), wrangler's workerd included", async () => {
    const stack = await npmStart();
    const seen = new Set<number>();
    await until(() => listening(stack.ports.edge), stack, seen, 150_000);
    stack.main.kill("SIGKILL");
    await stack.exited;
    expect(seen.size).toBeGreaterThanOrEqual(3);
    expect(await allGone(seen)).toEqual([]);
    for (const port of Object.values(stack.ports)) expect(await listening(port)).toBe(false);
  }, 240_000);

  it("refuses a port another program holds, naming it, and starts nothing", async () => {
    const squatter: Server = createServer();
    const port = await freePort();
    await new Promise<void>((resolve) => squatter.listen(port, "127.0.0.1", resolve));
    try {
      const stack = await npmStart({ cluster: port });
      const seen = new Set<number>();
      const code = await Promise.race([
        stack.exited,
        until(() => false, stack, seen, 30_000).then(() => null),
      ]);
      expect(code).toBe(1);
      expect(stack.output()).toContain(`port ${port} (cluster) is taken by pid ${process.pid} (`);
      expect(stack.output()).toContain("ENCLAVE_CLUSTER_PORT");
      expect(seen.size).toBe(0);
    } finally {
      squatter.close();
    }
  });
});
