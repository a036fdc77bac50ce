import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { defaulting } from "./admission/defaults.ts";
import { limitRanges } from "./admission/limit-ranges.ts";
import { objectNames } from "./admission/names.ts";
import { namespaceLifecycle } from "./admission/namespace-lifecycle.ts";
import { podSecurity } from "./admission/pod-security.ts";
import { resourceQuota } from "./admission/resource-quota.ts";
import { runtimeClass, sandboxRuntimeClass } from "./admission/runtime-class.ts";
import { schemaValidation } from "./admission/schema.ts";
import { semanticValidation } from "./admission/semantics.ts";
import { serviceIPs } from "./admission/service-ips.ts";
import { mustFindByKind } from "./api/catalog.ts";
import { Tokens } from "./auth/tokens.ts";
import { type ClusterContext, type ClusterTimings, testTimings } from "./context.ts";
import { defaultClusterIssuer, startCertificateController } from "./controllers/certificates.ts";
import { startDeploymentController } from "./controllers/deployment.ts";
import type { ControllerDeps } from "./controllers/deps.ts";
import { startGarbageCollector } from "./controllers/garbage-collector.ts";
import { startJobController } from "./controllers/job.ts";
import { startNamespaceController } from "./controllers/namespaces.ts";
import { startQuotaStatusController } from "./controllers/quota-status.ts";
import { startReplicaSetController } from "./controllers/replicaset.ts";
import { Scheduler } from "./controllers/scheduler.ts";
import { startStatefulSetController } from "./controllers/statefulset.ts";
import { startVolumeController } from "./controllers/volumes.ts";
import { Faults } from "./faults/faults.ts";
import { renderKubeconfig } from "./kubeconfig/kubeconfig.ts";
import { authorize } from "./rbac/authorizer.ts";
import { bootstrapClusterRoles } from "./rbac/bootstrap.ts";
import { rbacEscalation } from "./rbac/escalation.ts";
import { emulatorRoutes } from "./server/emulator-routes.ts";
import { createApiServer } from "./server/http-server.ts";
import { openState, persistOnChange, restoreStore } from "./store/persistence.ts";
import { ObjectStore } from "./store/store.ts";
import { generateTlsMaterial } from "./tls/certificates.ts";
import { Writes } from "./verbs/writes.ts";
import { BehaviourRegistry } from "./workloads/behaviours.ts";
import { Kubelet } from "./workloads/kubelet.ts";
import { SimulatedNodes } from "./workloads/node-runtime.ts";
import { Scripts } from "./workloads/scripts.ts";

export type { ClusterTimings } from "./context.ts";
export { demoTimings, testTimings } from "./context.ts";
export type { FaultRule } from "./faults/faults.ts";
export type {
  BehaviourContext,
  ContainerBehaviour,
  ContainerPlan,
  ImageMatch,
  LogLine,
  ProxiedRequest,
  ProxiedResponse,
} from "./workloads/behaviours.ts";
export { defaultBehaviour } from "./workloads/behaviours.ts";
export type { Script } from "./workloads/scripts.ts";
export type { BehaviourRegistry, Faults, Scripts };

export interface EmbeddedClusterOptions {
  /** 0 = ephemeral (default). */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Serve HTTPS with a generated CA; the kubeconfig carries the CA and a client certificate. */
  tls?: boolean;
  /** Persist state to this SQLite file; loaded on start when present. */
  stateFile?: string;
  /** A state file of the earlier JSON format, moved into `stateFile` once when present. */
  legacyStateFile?: string;
  /** Where to write the admin kubeconfig (default: a new temp dir). */
  kubeconfigPath?: string;
  /** Simulated durations; all zero by default (tests). See `demoTimings`. */
  timings?: Partial<ClusterTimings>;
  /** How many changes watches can resume across before 410 Gone. */
  watchHistory?: number;
}

export interface EmbeddedCluster {
  url: string;
  kubeconfigPath: string;
  /** The admin kubeconfig, YAML. */
  kubeconfig: string;
  /** The admin bearer token (also in the kubeconfig). */
  adminToken: string;
  /** What simulated containers do, per image. */
  behaviours: BehaviourRegistry;
  /** Deterministic outcomes: a Job fails with given logs, a pod crash-loops, a health path answers 500. */
  scripts: Scripts;
  /** Per verb/resource latency, errors, 429 Retry-After, dropped connections, early watch ends. */
  faults: Faults;
  /** Total API requests served. */
  requestCount(): number;
  /** Log requests with `follow` still open, across every container. */
  openLogFollows(): number;
  /** Forgets watch history, so watches from any earlier resourceVersion get 410 Gone. */
  compact(): void;
  close(): Promise<void>;
}

/** Starts the Kubernetes API emulator on 127.0.0.1 and writes its admin kubeconfig. */
export async function startEmbeddedCluster(
  opts: EmbeddedClusterOptions = {},
): Promise<EmbeddedCluster> {
  const timings: ClusterTimings = { ...testTimings, ...opts.timings };
  const host = opts.host ?? "127.0.0.1";
  const store = new ObjectStore(opts.watchHistory);
  const state = opts.stateFile ? openState(opts.stateFile, opts.legacyStateFile) : undefined;
  const saved = state?.saved;
  if (saved) restoreStore(store, saved);
  const tokens = new Tokens(saved?.tokens);
  // Subscribed before anything below writes, so every change reaches the state file.
  const persistence = state ? persistOnChange(store, state.db, () => tokens.state) : undefined;
  const tls = opts.tls ? generateTlsMaterial(host) : undefined;
  const clusterRoles = mustFindByKind("rbac.authorization.k8s.io/v1", "ClusterRole");
  for (const role of bootstrapClusterRoles) {
    if (!store.get(clusterRoles, undefined, role.metadata.name ?? ""))
      store.create(clusterRoles, role);
  }
  const namespaceType = mustFindByKind("v1", "Namespace");
  const writes = new Writes(store, [
    defaulting,
    serviceIPs,
    limitRanges,
    namespaceLifecycle,
    objectNames,
    schemaValidation,
    semanticValidation,
    rbacEscalation,
    podSecurity,
    runtimeClass,
    resourceQuota,
  ]);
  const scheduler = new Scheduler((error) => console.error("embedded cluster:", error));
  const behaviours = new BehaviourRegistry();
  const scripts = new Scripts();
  const faults = new Faults();
  const kubelet = new Kubelet({ store, scheduler, timings, behaviours, scripts });
  const deps: ControllerDeps = { store, writes, scheduler, timings };
  startNamespaceController(deps, tls?.ca ?? "");
  startGarbageCollector(deps);
  startDeploymentController(deps);
  startReplicaSetController(deps);
  startStatefulSetController(deps);
  startJobController(deps);
  startVolumeController(deps);
  startCertificateController(deps);
  startQuotaStatusController(deps);
  for (const name of ["default", "kube-system", "kube-public", "kube-node-lease"]) {
    if (!store.get(namespaceType, undefined, name)) {
      store.create(namespaceType, {
        apiVersion: "v1",
        kind: "Namespace",
        metadata: { name, labels: { "kubernetes.io/metadata.name": name } },
        spec: { finalizers: ["kubernetes"] },
        status: { phase: "Active" },
      });
    }
  }
  const clusterIssuers = mustFindByKind("cert-manager.io/v1", "ClusterIssuer");
  if (!store.get(clusterIssuers, undefined, defaultClusterIssuer.metadata.name ?? ""))
    store.create(clusterIssuers, defaultClusterIssuer);
  const runtimeClasses = mustFindByKind("node.k8s.io/v1", "RuntimeClass");
  if (!store.get(runtimeClasses, undefined, sandboxRuntimeClass.metadata.name ?? ""))
    store.create(runtimeClasses, sandboxRuntimeClass);
  kubelet.resume();

  const ctx: ClusterContext = {
    store,
    writes,
    timings,
    nodes: new SimulatedNodes(store, kubelet, scripts),
    issueToken: (namespace, serviceAccount, expirationSeconds) =>
      tokens.issue(namespace, serviceAccount, expirationSeconds),
    authorize: (user, attributes) => authorize(store, user, attributes),
  };
  const api = createApiServer({
    ctx,
    tokens,
    faults,
    emulatorRoutes: emulatorRoutes({ scripts, faults, store }),
    ...(tls ? { tls: { key: tls.serverKey, cert: tls.serverCert, ca: tls.ca } } : {}),
  });
  await new Promise<void>((resolve, reject) => {
    api.server.once("error", reject);
    api.server.listen(opts.port ?? 0, host, () => resolve());
  });
  const { port } = api.server.address() as AddressInfo;
  const url = `${tls ? "https" : "http"}://${host}:${port}`;
  const kubeconfig = renderKubeconfig({
    server: url,
    token: tokens.state.adminToken,
    caCertificate: tls?.ca,
    clientCertificate: tls?.clientCert,
    clientKey: tls?.clientKey,
  });
  const kubeconfigPath =
    opts.kubeconfigPath ?? join(mkdtempSync(join(tmpdir(), "enclave-cluster-")), "kubeconfig");
  mkdirSync(dirname(kubeconfigPath), { recursive: true });
  writeFileSync(kubeconfigPath, kubeconfig, { mode: 0o600 });

  return {
    url,
    kubeconfigPath,
    kubeconfig,
    adminToken: tokens.state.adminToken,
    behaviours,
    scripts,
    faults,
    requestCount: api.requestCount,
    openLogFollows: () => kubelet.openFollows(),
    compact: () => store.compact(),
    async close() {
      scheduler.close();
      persistence?.close();
      api.server.closeAllConnections();
      await new Promise<void>((resolve) => api.server.close(() => resolve()));
    },
  };
}
