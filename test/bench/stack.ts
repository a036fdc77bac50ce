/**
 * Through the whole local stack (wrangler dev, the runner process, the embedded cluster with
 * zero simulated delays): POST /v1/tenants → deployment.ready latency for sequential tenants,
 * then 100 tenants created at once — throughput, losses and the runner's peak RSS.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { readEvents, startTestStack, type TestStack } from "../e2e/harness.ts";

interface Created {
  tenant: { id: string };
  deployment: { id: string };
}

const image = { type: "image", image: "ghcr.io/enclave/sample:1.0.0" };

async function createTenant(stack: TestStack, slug: string): Promise<Created> {
  const res = await stack.api<Created>("/v1/tenants", {
    method: "POST",
    body: JSON.stringify({
      name: slug,
      slug,
      services: [{ name: "web", source: image, port: 3000, healthPath: "/healthz" }],
    }),
  });
  if (res.status !== 202)
    throw new Error(`create ${slug}: HTTP ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
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
  const events = await readEvents(stack, deploymentId, { timeoutMs: 300_000 });
  return events.at(-1)?.type ?? "none";
}

export async function benchStack(opts: { sequential?: number; concurrent?: number } = {}) {
  const sequential = opts.sequential ?? 20;
  const concurrent = opts.concurrent ?? 100;
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

    const started = performance.now();
    const created = await Promise.all(
      Array.from({ length: concurrent }, (_, i) => createTenant(stack, `burst-${i}`)),
    );
    const outcomes = await Promise.all(created.map((c) => waitReady(stack, c.deployment.id)));
    const minutes = (performance.now() - started) / 60_000;
    const ready = outcomes.filter((o) => o === "deployment.ready").length;
    const pid = stack.runnerPid();
    console.log(
      `stack: ${concurrent} tenants at once: ${ready}/${concurrent} ready, ${concurrent - ready} lost or failed, ${(ready / minutes).toFixed(0)} tenants/min, runner peak RSS ${pid ? peakRssMb(pid).toFixed(0) : "?"} MB (target: all ready, RSS < 250 MB)`,
    );
  } finally {
    await stack.dispose();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await benchStack();
