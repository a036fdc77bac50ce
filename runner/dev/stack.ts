/**
 * The whole Enclave stack on one machine: the edge Worker under `wrangler dev` (local D1,
 * Queues and Durable Objects), the runner, and the embedded cluster unless a kubeconfig
 * points at a real one. Used by `npm start` and by the end-to-end tests.
 */
import { join, resolve } from "node:path";
import { ensureDashboardBuilt } from "../../worker/dashboard/build/ensure-built.ts";
import { writeLocalStack } from "../cli/local-stack.ts";
import { RUNNER_NODE_FLAGS } from "../config/node-flags.ts";
import { clusterFiles, startClusterProcess } from "./cluster-process.ts";
import { type DevOrganization, ensureDevOrganization } from "./dev-organization.ts";
import { type DevSecrets, ensureDevSecrets } from "./dev-secrets.ts";
import { type Component, type LabelledProcess, say, startLabelled } from "./labelled-process.ts";
import { claimPorts } from "./port-owner.ts";
import { makePrivateStateDir } from "./private-state.ts";
import { waitForHttp } from "./wait-for-http.ts";
import { wranglerOutput } from "./wrangler-output.ts";

export const repoRoot = resolve(import.meta.dirname, "../..");

export interface StackOptions {
  /** Where D1, Durable Object, cluster and dev-organization state is kept. */
  stateDir: string;
  edgePort: number;
  runnerPort: number;
  clusterPort: number;
  /** A real cluster; when absent the embedded cluster is started. */
  kubeconfig?: string;
  /** Extra environment for the embedded cluster process (e.g. simulated timings). */
  clusterEnv?: Record<string, string>;
  /** Extra environment for the runner process. */
  runnerEnv?: Record<string, string>;
  /** Start everything but the runner (tests start it later). */
  withoutRunner?: boolean;
  /** Do not print the components' output (benchmarks). */
  quiet?: boolean;
  /** Sees every line every component writes, unfiltered (tests that audit the output). */
  onOutput?: (component: Component, line: string) => void;
  /** Where the edge sends jobs and runner calls; the runner's own URL unless given. */
  edgeRunnerUrl?: string;
  /** Called when a component exits while the stack is meant to be running. */
  onUnexpectedExit?: (component: Component, code: number | null) => void;
  /** Aborting stops whatever has started and makes the start fail (Ctrl-C during start-up). */
  signal?: AbortSignal;
}

export interface Stack {
  edgeUrl: string;
  runnerUrl: string;
  kubeconfig: string;
  secrets: DevSecrets;
  organization: DevOrganization;
  /** The runner's process id, while it runs. */
  runnerPid(): number | undefined;
  startRunner(): Promise<void>;
  /** Stops the runner; `signal` SIGKILL simulates a crash. */
  stopRunner(signal?: NodeJS.Signals): Promise<void>;
  stop(): Promise<void>;
}

const host = "127.0.0.1";
const wranglerBin = join(repoRoot, "node_modules/wrangler/bin/wrangler.js");
const wranglerEnv = { ...process.env, WRANGLER_SEND_METRICS: "false", FORCE_COLOR: "0" };

export async function startStack(opts: StackOptions): Promise<Stack> {
  const stateDir = resolve(opts.stateDir);
  const signal = opts.signal;
  signal?.throwIfAborted();
  const silent = () => undefined;
  const edgeFilter = opts.quiet ? silent : wranglerOutput();
  const quiet = opts.quiet ? { filter: silent } : {};
  const heard = (component: Component) =>
    opts.onOutput ? { onLine: (line: string) => opts.onOutput?.(component, line) } : {};
  const wranglerState = join(stateDir, "wrangler");
  const edgeUrl = `http://${host}:${opts.edgePort}`;
  const runnerUrl = `http://${host}:${opts.runnerPort}`;
  await claimPorts(host, [
    { component: "edge", port: opts.edgePort, variable: "ENCLAVE_EDGE_PORT" },
    { component: "runner", port: opts.runnerPort, variable: "ENCLAVE_RUNNER_PORT" },
    ...(opts.kubeconfig
      ? []
      : [{ component: "cluster", port: opts.clusterPort, variable: "ENCLAVE_CLUSTER_PORT" }]),
  ]);
  makePrivateStateDir(stateDir);
  const secrets = ensureDevSecrets(join(repoRoot, ".dev.vars"));
  ensureDashboardBuilt((line) => say("stack", line));

  const running = new Set<LabelledProcess>();
  let stopping = false;
  const keep = (component: Component, proc: LabelledProcess, expectExit = () => stopping) => {
    running.add(proc);
    void proc.exited.then((code) => {
      running.delete(proc);
      if (!expectExit()) opts.onUnexpectedExit?.(component, code);
    });
    return proc;
  };
  const stop = async () => {
    stopping = true;
    await Promise.all([...running].map((p) => p.stop()));
  };

  const clusterConfig = opts.kubeconfig ?? clusterFiles(stateDir).kubeconfig;
  let runner: LabelledProcess | undefined;
  let runnerStopping = false;
  const startRunner = async () => {
    runnerStopping = false;
    const started = keep(
      "runner",
      startLabelled("runner", join(repoRoot, "runner/main.ts"), [], {
        ...quiet,
        ...heard("runner"),
        nodeFlags: RUNNER_NODE_FLAGS,
        cwd: repoRoot,
        env: {
          ...process.env,
          ...opts.runnerEnv,
          KUBECONFIG: clusterConfig,
          ENCLAVE_MODE: "local",
          RUNNER_HOST: host,
          RUNNER_PORT: String(opts.runnerPort),
          EDGE_URL: edgeUrl,
          JOB_TOKEN_SECRET: secrets.JOB_TOKEN_SECRET,
          RUNNER_TOKEN_SECRET: secrets.RUNNER_TOKEN_SECRET,
          ENCLAVE_WORK_DIR: join(stateDir, "work"),
        },
      }),
      () => stopping || runnerStopping,
    );
    runner = started;
    await waitForHttp(`${runnerUrl}/healthz`, {
      timeoutMs: 60_000,
      signal,
      exited: started.exited,
    });
  };
  const stopRunner = async (how: NodeJS.Signals = "SIGTERM") => {
    runnerStopping = true;
    const proc = runner;
    runner = undefined;
    if (!proc) return;
    if (how === "SIGKILL" && proc.child.pid) {
      process.kill(-proc.child.pid, "SIGKILL");
      await proc.exited;
    } else {
      await proc.stop();
    }
  };

  const stopOnAbort = () => void stop();
  signal?.addEventListener("abort", stopOnAbort, { once: true });
  try {
    const migrate = keep(
      "edge",
      startLabelled(
        "edge",
        wranglerBin,
        ["d1", "migrations", "apply", "enclave", "--local", "--persist-to", wranglerState],
        {
          cwd: repoRoot,
          env: { ...wranglerEnv, CI: "true" },
          filter: edgeFilter,
          ...heard("edge"),
        },
      ),
      () => true,
    );
    const migrated = await migrate.exited;
    signal?.throwIfAborted();
    if (migrated !== 0) throw new Error("D1 migrations failed (see the [edge] lines)");

    if (!opts.kubeconfig) {
      await startClusterProcess({
        repoRoot,
        stateDir,
        host,
        port: opts.clusterPort,
        env: opts.clusterEnv,
        filter: quiet.filter,
        ...heard("cluster"),
        signal,
        started: (proc) => keep("cluster", proc),
      });
    }

    if (!opts.withoutRunner) await startRunner();
    const edge = keep(
      "edge",
      startLabelled(
        "edge",
        wranglerBin,
        [
          "dev",
          "--ip",
          host,
          "--port",
          String(opts.edgePort),
          "--persist-to",
          wranglerState,
          "--var",
          `RUNNER_URL:${opts.edgeRunnerUrl ?? runnerUrl}`,
          "--show-interactive-dev-session=false",
        ],
        { cwd: repoRoot, env: wranglerEnv, filter: edgeFilter, ...heard("edge") },
      ),
    );
    await waitForHttp(`${edgeUrl}/v1/health`, {
      timeoutMs: 120_000,
      signal,
      exited: edge.exited,
    });
    const organization = await ensureDevOrganization({
      edgeUrl,
      operatorToken: secrets.OPERATOR_TOKEN,
      file: join(stateDir, "dev.json"),
    });
    signal?.throwIfAborted();
    // Every command (the CLI, org:create) finds the stack through this file, whatever its ports.
    await writeLocalStack(stateDir, { apiUrl: edgeUrl, apiKey: organization.apiKey });
    return {
      edgeUrl,
      runnerUrl,
      kubeconfig: clusterConfig,
      runnerPid: () => runner?.child.pid,
      secrets,
      organization,
      startRunner,
      stopRunner,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  } finally {
    signal?.removeEventListener("abort", stopOnAbort);
  }
}

export { say };
