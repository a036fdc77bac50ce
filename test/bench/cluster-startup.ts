/**
 * The embedded cluster's start-up with a large local state: 2,000 provisioned tenants' worth of
 * objects in the earlier JSON state file, started once (moving it into SQLite) and again (from
 * SQLite), as `npm start` runs it: its own process, HTTPS, ready when /readyz answers.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { clusterFiles, startClusterProcess } from "../../runner/dev/cluster-process.ts";
import { repoRoot } from "../../runner/dev/stack.ts";
import { freePort } from "../e2e/harness.ts";
import { writeLegacyState } from "./cluster-state.ts";

const TARGET_MS = 10_000;

async function timedStart(stateDir: string): Promise<number> {
  const started = performance.now();
  const proc = await startClusterProcess({
    repoRoot,
    stateDir,
    host: "127.0.0.1",
    port: await freePort(),
    env: { ENCLAVE_CLUSTER_TIMINGS: "test" },
    filter: () => undefined,
  });
  const elapsed = performance.now() - started;
  await proc.stop();
  return elapsed;
}

export async function benchClusterStartup(tenantCounts = [1_000, 2_000]): Promise<void> {
  for (const tenants of tenantCounts) {
    const stateDir = mkdtempSync(join(tmpdir(), "enclave-cluster-bench-"));
    try {
      const { objects, bytes } = writeLegacyState(clusterFiles(stateDir).legacyState, tenants);
      const migrating = await timedStart(stateDir);
      const restarting = await timedStart(stateDir);
      console.log(
        `cluster: start-up with ${tenants} tenants (${objects} objects, ${(bytes / 1e6).toFixed(0)} MB of JSON): first start moving the JSON state into SQLite ${migrating.toFixed(0)} ms, restart from SQLite ${restarting.toFixed(0)} ms (target < ${TARGET_MS} ms)`,
      );
    } finally {
      rmSync(stateDir, { recursive: true, force: true });
    }
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await benchClusterStartup();
