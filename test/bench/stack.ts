/**
 * Through the whole local stack (wrangler dev, the runner process, the embedded cluster with
 * zero simulated delays): POST /v1/tenants → deployment.ready latency for sequential tenants,
 * then 100 and 500 tenants created at once by many parallel clients — throughput, losses and
 * the runner's peak RSS. Waiting behind the runner's concurrency limit must not cost a tenant:
 * 500 at once should all be ready, at a throughput within 30 % of 100 at once.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { readEvents, startTestStack, type TestStack } from "../e2e/harness.ts";

interface Created {
  tenant: { id: string };
  deployment: { id: string };
}

const image = { type: "image", image: "ghcr.io/enclave/sample:1.0.0" };

/** Creates a tenant as a well-behaved client does: a 429 is waited out (Retry-After), not lost. */
async function createTenant(stack: TestStack, slug: string): Promise<Created> {
  for (;;) {
    const res = await stack.api<Created>("/v1/tenants", {
      method: "POST",
      headers: { "idempotency-key": `bench-${slug}` },
      body: JSON.stringify({
        name: slug,
        slug,
        services: [{ name: "web", source: image, port: 3000, healthPath: "/healthz" }],
      }),
    });
    if (res.status === 202) return res.body;
    if (res.status !== 429)
      throw new Error(`create ${slug}: HTTP ${res.status} ${JSON.stringify(res.body)}`);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}

/** `count` tenants posted by `clients` parallel clients; resolves when every one has ended. */
async function burst(stack: TestStack, name: string, count: number, clients: number) {
  const started = performance.now();
  const waiting: Promise<string>[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < count) {
        const created = await createTenant(stack, `${name}-${next++}`);
        waiting.push(waitReady(stack, created.deployment.id));
      }
    }),
  );
  const outcomes = await Promise.all(waiting);
  const minutes = (performance.now() - started) / 60_000;
  const ready = outcomes.filter((o) => o === "deployment.ready").length;
  return { ready, lost: count - ready, perMinute: ready / minutes };
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;

/** Peak resident set size of a process, from the kernel's high-water mark. */
function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
  return kb / 1024;
}

async function waitReady(stack: TestStack, deploymentId: string): Promise<string> {
  const events = await readEvents(stack, deploymentId, { timeoutMs: 1_800_000 });
  return events.at(-1)?.type ?? "none";
}

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
    const latencies: number[] = [];
    for (let i = 0; i < sequential; i++) {
      const started = performance.now();
      const created = await createTenant(stack, `seq-${i}`);
      const outcome = await waitReady(stack, created.deployment.id);
      if (outcome !== "deployment.ready") throw new Error(`seq-${i} ended with ${outcome}`);
      latencies.push(performance.now() - started);
    }
    latencies.sort((a, b) => a - b);
    console.log(
      `stack: POST /v1/tenants → ready, ${sequential} sequential tenants: p50 ${percentile(latencies, 50).toFixed(0)} ms, p95 ${percentile(latencies, 95).toFixed(0)} ms (target p50 < 1500 ms)`,
    );

    const pid = stack.runnerPid();
    const rss = () => (pid ? peakRssMb(pid).toFixed(0) : "?");
    const small = await burst(stack, "burst", concurrent, clients);
    console.log(
      `stack: ${concurrent} tenants at once (${clients} clients): ${small.ready}/${concurrent} ready, ${small.lost} lost or failed, ${small.perMinute.toFixed(0)} tenants/min, runner peak RSS ${rss()} MB (target: all ready, RSS < 250 MB)`,
    );
    const big = await burst(stack, "flood", large, clients);
    const ratio = big.perMinute / small.perMinute;
    console.log(
      `stack: ${large} tenants at once (${clients} clients): ${big.ready}/${large} ready, ${big.lost} lost or failed, ${big.perMinute.toFixed(0)} tenants/min (${(ratio * 100).toFixed(0)} % of ${concurrent} at once), runner peak RSS ${rss()} MB (target: all ready, throughput ≥ 70 %, RSS < 250 MB)`,
    );
  } finally {
    await stack.dispose();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await benchStack();
