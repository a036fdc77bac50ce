/**
 * The edge's authenticated hot path against a bare Worker on this machine: both under
 * `wrangler dev`, the same load (autocannon, 20 connections). A ratio, not an absolute number,
 * is what survives a loaded or slower machine; both run at once and are measured in turns,
 * and the median of the rounds' ratios is reported, so a burst of load elsewhere on a shared
 * machine skews one round rather than one side.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { type LabelledProcess, startLabelled } from "../../runner/dev/labelled-process.ts";
import { startStack } from "../../runner/dev/stack.ts";
import { waitForHttp } from "../../runner/dev/wait-for-http.ts";
import { freePort } from "../e2e/harness.ts";
import { benchOrganizationKey } from "./organization.ts";

const CONNECTIONS = 20;
const DURATION_SECONDS = 5;
const ROUNDS = 5;
const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
const wranglerBin = join(repoRoot, "node_modules/wrangler/bin/wrangler.js");

async function requestsPerSecond(url: string, headers: Record<string, string> = {}) {
  const result = await autocannon({
    url,
    headers,
    connections: CONNECTIONS,
    duration: DURATION_SECONDS,
  });
  const failed = result.non2xx + result.errors + result.timeouts;
  if (failed > 0) throw new Error(`${url}: ${failed} of ${result.requests.total} requests failed`);
  return result.requests.average;
}

/** A hello-world Worker under wrangler dev, from a throwaway folder. */
async function startBareWorker(dir: string, port: number): Promise<LabelledProcess> {
  writeFileSync(join(dir, "index.js"), 'export default { fetch: () => new Response("hello") };\n');
  writeFileSync(
    join(dir, "wrangler.toml"),
    'name = "bare"\nmain = "index.js"\ncompatibility_date = "2026-11-01"\n',
  );
  const proc = startLabelled(
    "edge",
    wranglerBin,
    ["dev", "--ip", "127.0.0.1", "--port", String(port), "--show-interactive-dev-session=false"],
    {
      cwd: dir,
      env: { ...process.env, WRANGLER_SEND_METRICS: "false", FORCE_COLOR: "0" },
      filter: () => undefined,
    },
  );
  await waitForHttp(`http://127.0.0.1:${port}/`, { timeoutMs: 120_000, exited: proc.exited });
  return proc;
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

export async function benchEdge() {
  const dir = mkdtempSync(join(tmpdir(), "enclave-bench-edge-"));
  const barePort = await freePort();
  const bare = await startBareWorker(dir, barePort);
  try {
    // No runner and no cluster: the measured request reads what the create wrote, nothing more.
    const stack = await startStack({
      stateDir: join(dir, "state"),
      edgePort: await freePort(),
      runnerPort: await freePort(),
      clusterPort: await freePort(),
      kubeconfig: join(dir, "no-cluster.yaml"),
      withoutRunner: true,
      quiet: true,
    });
    try {
      // Its own organization on the pro plan: the development organization's starter budget
      // is less than a fast hot path serves in the bench's minute.
      const apiKey = await benchOrganizationKey(stack.edgeUrl, stack.secrets.OPERATOR_TOKEN);
      const headers = {
        authorization: `Bearer ${apiKey}`,
        "content-type": "application/json",
      };
      const created = await fetch(`${stack.edgeUrl}/v1/tenants`, {
        method: "POST",
        headers,
        body: JSON.stringify({
          name: "Bench",
          slug: "bench",
          services: [
            {
              name: "web",
              source: { type: "image", image: "ghcr.io/enclave/sample:1.0.0" },
              port: 3000,
              healthPath: "/healthz",
            },
          ],
        }),
      });
      if (created.status !== 202) throw new Error(`create: HTTP ${created.status}`);
      const { tenant } = (await created.json()) as { tenant: { id: string } };
      const sides = {
        bare: () => requestsPerSecond(`http://127.0.0.1:${barePort}/`),
        enclave: () =>
          requestsPerSecond(`${stack.edgeUrl}/v1/tenants/${tenant.id}`, {
            authorization: headers.authorization,
          }),
      };
      // A warm-up of each, so the first requests' compilation and D1's first open are not measured.
      await sides.bare();
      await sides.enclave();
      const rounds: { bare: number; enclave: number }[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        const bareRps = await sides.bare();
        rounds.push({ bare: bareRps, enclave: await sides.enclave() });
      }
      const ratio = median(rounds.map((r) => r.enclave / r.bare));
      console.log(
        `edge: authenticated GET /v1/tenants/:id at ${CONNECTIONS} connections: ${median(rounds.map((r) => r.enclave)).toFixed(0)} req/s, bare Worker ${median(rounds.map((r) => r.bare)).toFixed(0)} req/s, median ratio of ${ROUNDS} alternating rounds ${(ratio * 100).toFixed(0)} % (target >= 50 %)`,
      );
    } finally {
      await stack.stop();
    }
  } finally {
    await bare.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await benchEdge();
