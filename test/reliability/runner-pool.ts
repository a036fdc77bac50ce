import { createServer, type IncomingMessage, type Server } from "node:http";
import { join } from "node:path";
import { request } from "undici";
import { RUNNER_NODE_FLAGS } from "../../runner/config/node-flags.ts";
import { type LabelledProcess, startLabelled } from "../../runner/dev/labelled-process.ts";
import { repoRoot } from "../../runner/dev/stack.ts";
import { waitForHttp } from "../../runner/dev/wait-for-http.ts";
import type { JobMessage } from "../../worker/contracts/index.ts";
import { freePort, type TestStack } from "../e2e/harness.ts";

/** One delivery of a job to the pool, as the edge's queue consumer made it. */
export interface Delivery {
  job: JobMessage;
  at: number;
  /** Which runner it was forwarded to (null: answered by the pool without forwarding). */
  runner: number | null;
  status: number;
}

/**
 * What the pool does with a delivery: forward it (`answer` replaces the runner's status, as a
 * 202 lost on the way back would), or refuse it outright as an unreachable runner would.
 */
export type Route = { forward: true; answer?: number } | { forward: false; status: number };

export interface RunnerPool {
  deliveries: Delivery[];
  /** Decides each job delivery; the default forwards everything. */
  route(decide: (job: JobMessage, earlier: Delivery[]) => Route): void;
  runnerPid(index: number): number | undefined;
  /** Stops runner `index` with a signal (SIGKILL: a crash); `start` brings it back. */
  stop(index: number, signal: NodeJS.Signals): Promise<void>;
  start(index: number): Promise<void>;
  close(): Promise<void>;
}

const readBody = async (req: IncomingMessage) => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
};

/**
 * Several runner processes behind the stack's RUNNER_URL, as replicas behind a Service: job
 * deliveries go round-robin to a runner that answers (a stopped or draining one is skipped),
 * and every delivery is recorded. The stack must have been started without its own runner.
 */
export async function startRunnerPool(
  stack: TestStack,
  options: { runners: number; env?: Record<string, string> },
): Promise<RunnerPool> {
  const ports = await Promise.all(Array.from({ length: options.runners }, () => freePort()));
  const processes: (LabelledProcess | undefined)[] = [];
  const deliveries: Delivery[] = [];
  let decide: (job: JobMessage, earlier: Delivery[]) => Route = () => ({ forward: true });
  let next = 0;

  const start = async (index: number) => {
    const port = ports[index] as number;
    const proc = startLabelled("runner", join(repoRoot, "runner/main.ts"), [], {
      filter: () => undefined,
      nodeFlags: RUNNER_NODE_FLAGS,
      cwd: repoRoot,
      env: {
        ...process.env,
        ...options.env,
        KUBECONFIG: stack.kubeconfig,
        ENCLAVE_MODE: "local",
        RUNNER_HOST: "127.0.0.1",
        RUNNER_PORT: String(port),
        EDGE_URL: stack.edgeUrl,
        JOB_TOKEN_SECRET: stack.secrets.JOB_TOKEN_SECRET,
        RUNNER_TOKEN_SECRET: stack.secrets.RUNNER_TOKEN_SECRET,
        ENCLAVE_WORK_DIR: join(stack.stateDir, `work-${index}`),
      },
    });
    processes[index] = proc;
    await waitForHttp(`http://127.0.0.1:${port}/healthz`, {
      timeoutMs: 60_000,
      exited: proc.exited,
    });
  };

  const forward = async (index: number, path: string, req: IncomingMessage, body: Buffer) => {
    const res = await request(`http://127.0.0.1:${ports[index]}${path}`, {
      method: req.method as "POST",
      headers: {
        authorization: req.headers.authorization ?? "",
        "content-type": req.headers["content-type"] ?? "application/json",
      },
      body: body.length > 0 ? body : undefined,
    });
    return { status: res.statusCode, text: await res.body.text() };
  };

  const server: Server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const path = req.url ?? "/";
      if (path !== "/v1/jobs") {
        const answer = await forward(0, path, req, body).catch(() => ({ status: 503, text: "" }));
        res.writeHead(answer.status, { "content-type": "application/json" }).end(answer.text);
        return;
      }
      const job = JSON.parse(body.toString()) as JobMessage;
      const earlier = deliveries.filter(
        (d) => d.job.deploymentId === job.deploymentId && d.job.type === job.type,
      );
      const route = decide(job, earlier);
      if (!route.forward) {
        deliveries.push({ job, at: Date.now(), runner: null, status: route.status });
        res.writeHead(route.status).end();
        return;
      }
      for (let tried = 0; tried < ports.length; tried++) {
        const index = next++ % ports.length;
        const answer = await forward(index, path, req, body).catch(() => null);
        if (!answer || answer.status === 503) continue;
        const status = route.answer ?? answer.status;
        deliveries.push({ job, at: Date.now(), runner: index, status });
        res.writeHead(status, { "content-type": "application/json" }).end(answer.text);
        return;
      }
      deliveries.push({ job, at: Date.now(), runner: null, status: 503 });
      res.writeHead(503).end();
    })().catch(() => res.writeHead(500).end());
  });
  const runnerPort = Number(new URL(stack.runnerUrl).port);
  await new Promise<void>((resolve) => server.listen(runnerPort, "127.0.0.1", resolve));
  await Promise.all(ports.map((_, index) => start(index)));

  const stop = async (index: number, signal: NodeJS.Signals) => {
    const proc = processes[index];
    processes[index] = undefined;
    if (!proc) return;
    // The whole group gets the signal and the runner takes the time it needs: a SIGTERM's
    // hand-back must not be cut short by a fallback SIGKILL.
    if (proc.child.pid) process.kill(-proc.child.pid, signal);
    await proc.exited;
  };
  return {
    deliveries,
    route: (decision) => {
      decide = decision;
    },
    runnerPid: (index) => processes[index]?.child.pid,
    stop,
    start,
    async close() {
      await Promise.all(ports.map((_, index) => stop(index, "SIGTERM")));
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
