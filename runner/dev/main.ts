/**
 * `npm start`: brings the whole stack up with its state in .enclave/, prints how to use it,
 * and stops everything on Ctrl-C.
 */
import { join, resolve } from "node:path";
import { repoRoot, type Stack, say, startStack } from "./stack.ts";
import { welcomeLines } from "./welcome.ts";

const stateDir = resolve(process.env.ENCLAVE_STATE_DIR ?? join(repoRoot, ".enclave"));
let stack: Stack | undefined;
let starting: Promise<Stack> | undefined;
let exiting = false;
// A signal during start-up aborts it: startStack stops what it already started.
const startUp = new AbortController();

async function shutdown(code: number): Promise<never> {
  if (!exiting) {
    exiting = true;
    say("stack", "stopping ...");
    startUp.abort();
    await starting?.catch(() => undefined);
    await stack?.stop();
  }
  process.exit(code);
}

process.once("SIGINT", () => void shutdown(0));
process.once("SIGTERM", () => void shutdown(0));

try {
  starting = startStack({
    stateDir,
    edgePort: Number(process.env.ENCLAVE_EDGE_PORT ?? 8787),
    runnerPort: Number(process.env.ENCLAVE_RUNNER_PORT ?? 8790),
    clusterPort: Number(process.env.ENCLAVE_CLUSTER_PORT ?? 8791),
    kubeconfig: process.env.KUBECONFIG || undefined,
    signal: startUp.signal,
    onUnexpectedExit: (component, code) => {
      say(component, `exited unexpectedly (code ${code}); stopping the stack`);
      void shutdown(1);
    },
  });
  stack = await starting;
} catch (err) {
  if (!startUp.signal.aborted) {
    say("stack", `failed to start: ${err instanceof Error ? err.message : String(err)}`);
    await shutdown(1);
  }
}

if (stack) {
  const { edgeUrl, kubeconfig, organization } = stack;
  for (const line of welcomeLines({
    edgeUrl,
    apiKey: organization.apiKey,
    kubeconfig,
    stateDir,
    repoRoot,
  })) {
    say("stack", line);
  }
}
