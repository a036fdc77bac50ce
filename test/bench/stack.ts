/**
 * Through the whole local stack (wrangler dev, the runner process, the embedded cluster with
 * zero simulated delays): POST /v1/tenants → deployment.ready latency for sequential tenants,
 * then 100 and 500 tenants created at once by many parallel clients — throughput, losses and
 * the runner's peak RSS. Waiting behind the runner's concurrency limit must not cost a tenant:
 * 500 at once should all be ready, at a throughput within 30 % of 100 at once.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import {
  ApiError,
  type CreateTenantInput,
  createEnclaveClient,
  type EnclaveClient,
} from "../../runner/cli/api/index.ts";
import { startTestStack, type TestStack } from "../e2e/harness.ts";
import { benchOrganizationKey } from "./organization.ts";

const image = { type: "image", image: "ghcr.io/enclave/sample:1.0.0" } as const;

/** An organization of its own on the pro plan, whose 500 concurrent deployments admit the burst. */
async function benchClient(stack: TestStack): Promise<EnclaveClient> {
  const apiKey = await benchOrganizationKey(stack.edgeUrl, stack.secrets.OPERATOR_TOKEN);
  return createEnclaveClient({ baseUrl: stack.edgeUrl, apiKey });
}

/**
 * Creates a tenant as a well-behaved client does: the client sends a create whose connection
 * dropped again with the same Idempotency-Key, and a 429 is waited out (Retry-After), not lost.
 */
async function createTenant(client: EnclaveClient, slug: string): Promise<string> {
  const input: CreateTenantInput = {
    name: slug,
    slug,
    services: [{ name: "web", source: image, port: 3000, healthPath: "/healthz" }],
  };
  for (;;) {
    try {
      const created = await client.tenants.create(input, { idempotencyKey: `bench-${slug}` });
      return created.deployment.id;
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 429)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  }
}

/** The last event of the deployment's stream: `deployment.ready` when it went well. */
async function outcome(client: EnclaveClient, deploymentId: string): Promise<string> {
  let last = "none";
  for await (const event of client.deployments.events(deploymentId, {
    signal: AbortSignal.timeout(1_800_000),
  })) {
    last = event.type;
  }
  return last;
}

/** Why a tenant did not become ready, short enough to count alike failures together. */
const reason = (error: unknown) =>
  error instanceof ApiError ? `HTTP ${error.status} ${error.code}` : String(error).slice(0, 160);

/**
 * `count` tenants posted by `clients` parallel clients, each posting its next tenant once the
 * last create was answered; resolves when every tenant has ended. Nothing here rejects: a
 * tenant that was refused, or whose stream could not be followed, is counted with its reason.
 */
async function burst(client: EnclaveClient, name: string, count: number, clients: number) {
  const started = performance.now();
  const outcomes: Promise<string>[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < count) {
        const slug = `${name}-${next++}`;
        try {
          const deploymentId = await createTenant(client, slug);
          outcomes.push(outcome(client, deploymentId).catch((error) => `stream: ${reason(error)}`));
        } catch (error) {
          outcomes.push(Promise.resolve(`create: ${reason(error)}`));
        }
      }
    }),
  );
  const ended = await Promise.all(outcomes);
  const minutes = (performance.now() - started) / 60_000;
  const ready = ended.filter((o) => o === "deployment.ready").length;
  const failures = new Map<string, number>();
  for (const o of ended) if (o !== "deployment.ready") failures.set(o, (failures.get(o) ?? 0) + 1);
  return { ready, lost: count - ready, perMinute: ready / minutes, failures };
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;

/** Peak resident set size of a process, from the kernel's high-water mark. */
function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
  return kb / 1024;
}

const failureSummary = (failures: Map<string, number>) =>
  failures.size === 0 ? "" : ` (${[...failures].map(([why, n]) => `${n} × ${why}`).join("; ")})`;

export async function benchStack(
  opts: { sequential?: number; concurrent?: number; large?: number; clients?: number } = {},
) {
  const sequential = opts.sequential ?? 20;
  const concurrent = opts.concurrent ?? 100;
  const large = opts.large ?? 500;
  const clients = opts.clients ?? 25;
  const stack = await startTestStack({
    quiet: true,
    clusterEnv: { ENCLAVE_CLUSTER_TIMINGS: "test" },
  });
  try {
    const client = await benchClient(stack);
    const latencies: number[] = [];
    const failures = new Map<string, number>();
    for (let i = 0; i < sequential; i++) {
      const started = performance.now();
      const ended = await createTenant(client, `seq-${i}`).then(
        (deploymentId) =>
          outcome(client, deploymentId).catch((error) => `stream: ${reason(error)}`),
        (error) => `create: ${reason(error)}`,
      );
      if (ended === "deployment.ready") latencies.push(performance.now() - started);
      else failures.set(ended, (failures.get(ended) ?? 0) + 1);
    }
    latencies.sort((a, b) => a - b);
    console.log(
      `stack: POST /v1/tenants → ready, ${sequential} sequential tenants: ${latencies.length}/${sequential} ready${failureSummary(failures)}, p50 ${percentile(latencies, 50).toFixed(0)} ms, p95 ${percentile(latencies, 95).toFixed(0)} ms (target p50 < 1500 ms)`,
    );

    const pid = stack.runnerPid();
    const rss = () => (pid ? peakRssMb(pid).toFixed(0) : "?");
    const small = await burst(client, "burst", concurrent, clients);
    console.log(
      `stack: ${concurrent} tenants at once (${clients} clients): ${small.ready}/${concurrent} ready, ${small.lost} lost or failed${failureSummary(small.failures)}, ${small.perMinute.toFixed(0)} tenants/min, runner peak RSS ${rss()} MB (target: all ready, RSS < 250 MB)`,
    );
    const big = await burst(client, "flood", large, clients);
    const ratio = big.perMinute / small.perMinute;
    console.log(
      `stack: ${large} tenants at once (${clients} clients): ${big.ready}/${large} ready, ${big.lost} lost or failed${failureSummary(big.failures)}, ${big.perMinute.toFixed(0)} tenants/min (${(ratio * 100).toFixed(0)} % of ${concurrent} at once), runner peak RSS ${rss()} MB (target: all ready, throughput ≥ 70 %, RSS < 250 MB)`,
    );
  } finally {
    await stack.dispose();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await benchStack();
