import { rmSync } from "node:fs";
import { join } from "node:path";
import { clusterCa } from "./cluster-ca.ts";
import { type LabelledOptions, type LabelledProcess, startLabelled } from "./labelled-process.ts";
import { waitForHttp } from "./wait-for-http.ts";

export interface ClusterProcessOptions {
  repoRoot: string;
  stateDir: string;
  host: string;
  port: number;
  env?: Record<string, string> | undefined;
  filter?: LabelledOptions["filter"];
  onLine?: LabelledOptions["onLine"];
  signal?: AbortSignal | undefined;
  /** Called with the process as soon as it is started (before it is ready). */
  started?: (proc: LabelledProcess) => void;
}

/** The state files of the embedded cluster in a stack's state folder. */
export const clusterFiles = (stateDir: string) => ({
  kubeconfig: join(stateDir, "kubeconfig.yaml"),
  state: join(stateDir, "cluster-state.db"),
  legacyState: join(stateDir, "cluster-state.json"),
});

/** Starts `runner/dev/cluster.ts` and waits until it answers over HTTPS with its new CA. */
export async function startClusterProcess(opts: ClusterProcessOptions): Promise<LabelledProcess> {
  const files = clusterFiles(opts.stateDir);
  // Removed first, so the CA read below is the one this start's cluster generated.
  rmSync(files.kubeconfig, { force: true });
  const proc = startLabelled("cluster", join(opts.repoRoot, "runner/dev/cluster.ts"), [], {
    ...(opts.filter ? { filter: opts.filter } : {}),
    ...(opts.onLine ? { onLine: opts.onLine } : {}),
    cwd: opts.repoRoot,
    env: {
      ...process.env,
      ...opts.env,
      ENCLAVE_CLUSTER_PORT: String(opts.port),
      ENCLAVE_CLUSTER_STATE: files.state,
      ENCLAVE_CLUSTER_LEGACY_STATE: files.legacyState,
      ENCLAVE_KUBECONFIG_PATH: files.kubeconfig,
    },
  });
  opts.started?.(proc);
  const readiness = { timeoutMs: 30_000, signal: opts.signal, exited: proc.exited };
  await waitForHttp(`https://${opts.host}:${opts.port}/readyz`, {
    ...readiness,
    ca: await clusterCa(files.kubeconfig, readiness),
  });
  return proc;
}
