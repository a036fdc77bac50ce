import { parseArgs } from "node:util";
import { demoTimings, startEmbeddedCluster, testTimings } from "./index.ts";

/**
 * `npm run cluster`: the embedded cluster on its own, for kubectl. Prints the kubeconfig
 * path; state survives restarts when --state is given.
 */
const { values } = parseArgs({
  options: {
    port: { type: "string", default: "0" },
    tls: { type: "boolean", default: false },
    state: { type: "string" },
    kubeconfig: { type: "string" },
    fast: { type: "boolean", default: false },
  },
});

const cluster = await startEmbeddedCluster({
  port: Number(values.port),
  tls: values.tls,
  timings: values.fast ? testTimings : demoTimings,
  // A state file of the earlier JSON format is moved into SQLite beside it.
  ...(values.state?.endsWith(".json")
    ? { stateFile: values.state.replace(/\.json$/, ".db"), legacyStateFile: values.state }
    : values.state
      ? { stateFile: values.state }
      : {}),
  ...(values.kubeconfig ? { kubeconfigPath: values.kubeconfig } : {}),
});

console.log(`Embedded cluster listening on ${cluster.url}`);
console.log(`Kubeconfig: ${cluster.kubeconfigPath}`);
console.log(`Try: kubectl --kubeconfig ${cluster.kubeconfigPath} get namespaces`);

const stop = async () => {
  await cluster.close();
  process.exit(0);
};
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
