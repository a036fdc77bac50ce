import { relative } from "node:path";

export interface Welcome {
  edgeUrl: string;
  apiKey: string;
  kubeconfig: string;
  /** Where the stack keeps its state, absolute. */
  stateDir: string;
  /** The checkout `npm start` runs in, which relative paths are shown from. */
  repoRoot: string;
}

/**
 * What `npm start` prints once the stack is up. With the state elsewhere than `.enclave/`, the
 * commands carry `ENCLAVE_STATE_DIR`, the only way the CLI finds that stack.
 */
export function welcomeLines(welcome: Welcome): string[] {
  const { edgeUrl, apiKey, kubeconfig, stateDir, repoRoot } = welcome;
  const shown = relative(repoRoot, stateDir);
  const state = shown.startsWith("..") ? stateDir : `${shown}/`;
  const cli = shown === ".enclave" ? "npx enclave" : `ENCLAVE_STATE_DIR=${stateDir} npx enclave`;
  return [
    "",
    "Enclave is running.",
    `  Dashboard    ${edgeUrl}/   (sign in as the development organization with one click)`,
    `  API          ${edgeUrl}   (reference: ${edgeUrl}/docs)`,
    `  API key      ${apiKey}`,
    `  kubeconfig   ${kubeconfig}`,
    "",
    "Try, in another terminal:",
    `  ${cli} tenants create --name Acme --slug acme --git ./test/fixtures/sample-app --port 3000 --health-path /healthz --database postgres --wait`,
    `  kubectl --kubeconfig ${kubeconfig} get namespaces`,
    `  curl -H "Authorization: Bearer ${apiKey}" ${edgeUrl}/v1/tenants`,
    "",
    `Ctrl-C stops everything; state is kept in ${state}.`,
  ];
}
