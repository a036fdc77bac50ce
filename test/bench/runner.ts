/**
 * One tenant with one service and a PostgreSQL database on the embedded cluster (zero
 * simulated delays), through the runner's HTTP intake: the time from job receipt to
 * `deployment.ready`, and the Kubernetes API requests that took. Targets: < 1 s, <= 30 requests.
 * The runner is a long-running service, so the target is for a warm process; the first job
 * after start (module loading and type stripping in both the runner and the emulator) is
 * printed too.
 */
import { fileURLToPath } from "node:url";
import { deploymentSpec, jobFor } from "../runner/support/fixtures.ts";
import { startRunnerStack } from "../runner/support/harness.ts";

const JOB_SECRET = "bench-job-token-secret-0123456789abcdef";
const RUNNER_SECRET = "bench-runner-token-secret-0123456789abcd";
const TARGET_MS = 1000;
const TARGET_REQUESTS = 30;

export async function benchRunner(): Promise<void> {
  const stack = await startRunnerStack({ job: JOB_SECRET, runner: RUNNER_SECRET });
  const { cluster, edge } = stack;
  const provisionOne = async () => {
    const spec = deploymentSpec();
    edge.specs.set(spec.deployment.id, spec);
    const requestsBefore = cluster.requestCount();
    const started = performance.now();
    const response = await stack.submit(jobFor(spec));
    if (response.status !== 202) throw new Error(`job refused: HTTP ${response.status}`);
    const terminal = await edge.terminal(spec.deployment.id);
    const elapsedMs = performance.now() - started;
    if (terminal.type !== "deployment.ready") {
      throw new Error(`deployment ended ${terminal.type}: ${terminal.message}`);
    }
    return { elapsedMs, requests: cluster.requestCount() - requestsBefore };
  };
  try {
    const cold = await provisionOne();
    const warm = await provisionOne();
    const verdict = (ok: boolean) => (ok ? "ok" : "MISSED");
    console.log(
      `runner: job receipt → ready ${warm.elapsedMs.toFixed(0)} ms (target < ${TARGET_MS} ms, ${verdict(warm.elapsedMs < TARGET_MS)}; ` +
        `first job after start ${cold.elapsedMs.toFixed(0)} ms); ` +
        `Kubernetes API requests ${warm.requests} (target <= ${TARGET_REQUESTS}, ${verdict(warm.requests <= TARGET_REQUESTS)})`,
    );
  } finally {
    await stack.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await benchRunner();
