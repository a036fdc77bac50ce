/**
 * The embedded cluster as the local stack runs it: its own process (so it outlives a runner
 * restart, like a real cluster), Enclave's image behaviours registered, state in a file.
 * It serves HTTPS and requires credentials (the kubeconfig's client certificate or token):
 * over plain HTTP kubectl sends no credentials, so every local caller would be the admin.
 * ENCLAVE_CLUSTER_TIMINGS is "demo" (default: stages take visible time), "test" (zero
 * delays) or a JSON object of ClusterTimings fields.
 */
import { registerEnclaveBehaviours } from "../behaviours/index.ts";
import {
  type ClusterTimings,
  demoTimings,
  startEmbeddedCluster,
  testTimings,
} from "../cluster/index.ts";

function timingsFromEnv(value: string | undefined): Partial<ClusterTimings> {
  if (!value || value === "demo") return demoTimings;
  if (value === "test") return testTimings;
  try {
    return { ...testTimings, ...(JSON.parse(value) as Partial<ClusterTimings>) };
  } catch {
    throw new Error(`ENCLAVE_CLUSTER_TIMINGS must be "demo", "test" or JSON, got ${value}`);
  }
}

const cluster = await startEmbeddedCluster({
  port: Number(process.env.ENCLAVE_CLUSTER_PORT ?? 0),
  tls: true,
  timings: timingsFromEnv(process.env.ENCLAVE_CLUSTER_TIMINGS),
  ...(process.env.ENCLAVE_CLUSTER_STATE ? { stateFile: process.env.ENCLAVE_CLUSTER_STATE } : {}),
  ...(process.env.ENCLAVE_CLUSTER_LEGACY_STATE
    ? { legacyStateFile: process.env.ENCLAVE_CLUSTER_LEGACY_STATE }
    : {}),
  ...(process.env.ENCLAVE_KUBECONFIG_PATH
    ? { kubeconfigPath: process.env.ENCLAVE_KUBECONFIG_PATH }
    : {}),
});
registerEnclaveBehaviours(cluster);
console.log(`embedded cluster on ${cluster.url}, kubeconfig ${cluster.kubeconfigPath}`);

const stop = async () => {
  await cluster.close();
  process.exit(0);
};
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
