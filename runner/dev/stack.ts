/**
 * `npm start`: the whole Enclave stack on one machine. The edge Worker under `wrangler dev`
 * (local D1, Queues and Durable Objects), the runner, and the embedded cluster unless
 * KUBECONFIG points at a real one. State lives in .enclave/ and survives restarts.
 */
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { ensureDevOrganization } from "./dev-organization.ts";
import { ensureDevSecrets } from "./dev-secrets.ts";
import { type LabelledProcess, say, startLabelled } from "./labelled-process.ts";
import { waitForHttp } from "./wait-for-http.ts";

const root = resolve(import.meta.dirname, "../..");
const stateDir = resolve(process.env.ENCLAVE_STATE_DIR ?? join(root, ".enclave"));
const host = "127.0.0.1";
const edgePort = Number(process.env.ENCLAVE_EDGE_PORT ?? 8787);
const runnerPort = Number(process.env.ENCLAVE_RUNNER_PORT ?? 8790);
const clusterPort = Number(process.env.ENCLAVE_CLUSTER_PORT ?? 8791);
const edgeUrl = `http://${host}:${edgePort}`;
const runnerUrl = `http://${host}:${runnerPort}`;
const wranglerBin = join(root, "node_modules/.bin/wrangler");
const wranglerState = join(stateDir, "wrangler");

const running: LabelledProcess[] = [];
let stopping = false;

async function stopAll(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    say("stack", "stopping ...");
    await Promise.all(running.map((p) => p.stop()));
  }
  process.exit(code);
}

function keep(component: "edge" | "runner" | "cluster", proc: LabelledProcess): void {
  running.push(proc);
  void proc.exited.then((code) => {
    if (stopping) return;
    say(component, `exited unexpectedly (code ${code}); stopping the stack`);
    void stopAll(1);
  });
}

const wranglerEnv = { ...process.env, WRANGLER_SEND_METRICS: "false", FORCE_COLOR: "0" };
// wrangler cannot reach Cloudflare from a machine without internet access; that is harmless.
const quietWrangler = (line: string) => !/Request\.cf|fetch.*cf\.json|^\s*$/.test(line);

async function main(): Promise<void> {
  mkdirSync(stateDir, { recursive: true });
  process.once("SIGINT", () => void stopAll(0));
  process.once("SIGTERM", () => void stopAll(0));
  const secrets = ensureDevSecrets(join(root, ".dev.vars"));

  say("stack", "applying D1 migrations to the local database ...");
  const migrate = startLabelled(
    "edge",
    wranglerBin,
    ["d1", "migrations", "apply", "enclave", "--local", "--persist-to", wranglerState],
    { cwd: root, env: { ...wranglerEnv, CI: "true" }, filter: quietWrangler },
  );
  if ((await migrate.exited) !== 0) {
    say("stack", "D1 migrations failed; see the [edge] lines above");
    process.exit(1);
  }

  let kubeconfig = process.env.KUBECONFIG;
  if (kubeconfig) {
    say("stack", `using the cluster from KUBECONFIG=${kubeconfig}`);
  } else {
    kubeconfig = join(stateDir, "kubeconfig.yaml");
    const cluster = startLabelled(
      "cluster",
      process.execPath,
      [join(root, "runner/dev/cluster.ts")],
      {
        cwd: root,
        env: {
          ...process.env,
          ENCLAVE_CLUSTER_PORT: String(clusterPort),
          ENCLAVE_CLUSTER_STATE: join(stateDir, "cluster-state.json"),
          ENCLAVE_KUBECONFIG_PATH: kubeconfig,
        },
      },
    );
    keep("cluster", cluster);
    await waitForHttp(`http://${host}:${clusterPort}/readyz`, { timeoutMs: 30_000 });
  }

  keep(
    "runner",
    startLabelled("runner", process.execPath, [join(root, "runner/main.ts")], {
      cwd: root,
      env: {
        ...process.env,
        KUBECONFIG: kubeconfig,
        ENCLAVE_MODE: "local",
        RUNNER_HOST: host,
        RUNNER_PORT: String(runnerPort),
        EDGE_URL: edgeUrl,
        JOB_TOKEN_SECRET: secrets.JOB_TOKEN_SECRET,
        RUNNER_TOKEN_SECRET: secrets.RUNNER_TOKEN_SECRET,
        ENCLAVE_WORK_DIR: join(stateDir, "work"),
      },
    }),
  );

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
        String(edgePort),
        "--persist-to",
        wranglerState,
        "--var",
        `RUNNER_URL:${runnerUrl}`,
        "--show-interactive-dev-session=false",
      ],
      { cwd: root, env: wranglerEnv, filter: quietWrangler },
    ),
  );

  await waitForHttp(`${runnerUrl}/healthz`, { timeoutMs: 60_000 });
  await waitForHttp(`${edgeUrl}/v1/health`, { timeoutMs: 120_000 });
  const org = await ensureDevOrganization({
    edgeUrl,
    operatorToken: secrets.OPERATOR_TOKEN,
    file: join(stateDir, "dev.json"),
  });

  const lines = [
    "",
    "Enclave is running.",
    `  API              ${edgeUrl}   (reference: ${edgeUrl}/docs)`,
    `  API key          ${org.apiKey}   (development organization ${org.organizationId})`,
    `  kubeconfig       ${kubeconfig}`,
    "",
    "Try:",
    `  curl -H "Authorization: Bearer ${org.apiKey}" ${edgeUrl}/v1/tenants`,
    `  npx enclave tenants create --name Acme --slug acme --git ./test/fixtures/sample-app --database postgres --wait`,
    `  kubectl --kubeconfig ${kubeconfig} get namespaces`,
    "",
    "Ctrl-C stops everything; state is kept in .enclave/.",
  ];
  for (const line of lines) say("stack", line);
}

main().catch((err: unknown) => {
  say("stack", `failed to start: ${err instanceof Error ? err.message : String(err)}`);
  void stopAll(1);
});
