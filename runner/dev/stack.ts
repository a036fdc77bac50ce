/**
 * The whole Enclave stack on one machine: the edge Worker under `wrangler dev` (local D1,
 * Queues and Durable Objects), the runner, and the embedded cluster unless a kubeconfig
 * points at a real one. Used by `npm start` and by the end-to-end tests.
 */
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { writeLocalStack } from "../cli/local-stack.ts";
import { RUNNER_NODE_FLAGS } from "../config/node-flags.ts";
import { type DevOrganization, ensureDevOrganization } from "./dev-organization.ts";
import { type DevSecrets, ensureDevSecrets } from "./dev-secrets.ts";
import { type Component, type LabelledProcess, say, startLabelled } from "./labelled-process.ts";
import { waitForHttp } from "./wait-for-http.ts";

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
  /** Called when a component exits while the stack is meant to be running. */
  onUnexpectedExit?: (component: Component, code: number | null) => void;
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
const wranglerBin = join(repoRoot, "node_modules/.bin/wrangler");
const wranglerEnv = { ...process.env, WRANGLER_SEND_METRICS: "false", FORCE_COLOR: "0" };
// wrangler cannot reach Cloudflare from a machine without internet access; that is harmless.
const wranglerNoise = (line: string) => !/Request\.cf|cf\.json|^\s*$/.test(line);

export async function startStack(opts: StackOptions): Promise<Stack> {
  const stateDir = resolve(opts.stateDir);
  const silent = () => false;
  const quietWrangler = opts.quiet ? silent : wranglerNoise;
  const quiet = opts.quiet ? { filter: silent } : {};
  const wranglerState = join(stateDir, "wrangler");
  const edgeUrl = `http://${host}:${opts.edgePort}`;
  const runnerUrl = `http://${host}:${opts.runnerPort}`;
  mkdirSync(stateDir, { recursive: true });
  const secrets = ensureDevSecrets(join(repoRoot, ".dev.vars"));

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

  const migrate = startLabelled(
    "edge",
    wranglerBin,
    ["d1", "migrations", "apply", "enclave", "--local", "--persist-to", wranglerState],
    { cwd: repoRoot, env: { ...wranglerEnv, CI: "true" }, filter: quietWrangler },
  );
  if ((await migrate.exited) !== 0) throw new Error("D1 migrations failed (see the [edge] lines)");

  let kubeconfig = opts.kubeconfig;
  if (!kubeconfig) {
    kubeconfig = join(stateDir, "kubeconfig.yaml");
    keep(
      "cluster",
      startLabelled("cluster", process.execPath, [join(repoRoot, "runner/dev/cluster.ts")], {
        ...quiet,
        cwd: repoRoot,
        env: {
          ...process.env,
          ...opts.clusterEnv,
          ENCLAVE_CLUSTER_PORT: String(opts.clusterPort),
          ENCLAVE_CLUSTER_STATE: join(stateDir, "cluster-state.json"),
          ENCLAVE_KUBECONFIG_PATH: kubeconfig,
        },
      }),
    );
    await waitForHttp(`http://${host}:${opts.clusterPort}/readyz`, { timeoutMs: 30_000 });
  }
  const clusterConfig = kubeconfig;

  let runner: LabelledProcess | undefined;
  let runnerStopping = false;
  const startRunner = async () => {
    runnerStopping = false;
    runner = keep(
      "runner",
      startLabelled(
        "runner",
        process.execPath,
        [...RUNNER_NODE_FLAGS, join(repoRoot, "runner/main.ts")],
        {
          ...quiet,
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
        },
      ),
      () => stopping || runnerStopping,
    );
    await waitForHttp(`${runnerUrl}/healthz`, { timeoutMs: 60_000 });
  };
  const stopRunner = async (signal: NodeJS.Signals = "SIGTERM") => {
    runnerStopping = true;
    const proc = runner;
    runner = undefined;
    if (!proc) return;
    if (signal === "SIGKILL" && proc.child.pid) {
      process.kill(-proc.child.pid, "SIGKILL");
      await proc.exited;
    } else {
      await proc.stop();
    }
  };

  const stop = async () => {
    stopping = true;
    await Promise.all([...running].map((p) => p.stop()));
  };

  try {
    if (!opts.withoutRunner) await startRunner();
    keep(
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
          `RUNNER_URL:${runnerUrl}`,
          "--show-interactive-dev-session=false",
        ],
        { cwd: repoRoot, env: wranglerEnv, filter: quietWrangler },
      ),
    );
    await waitForHttp(`${edgeUrl}/v1/health`, { timeoutMs: 120_000 });
    const organization = await ensureDevOrganization({
      edgeUrl,
      operatorToken: secrets.OPERATOR_TOKEN,
      file: join(stateDir, "dev.json"),
    });
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
  }
}

export { say };
