import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import type { IDeployment } from "kubernetes-models/apps/v1";
import type { ISecret } from "kubernetes-models/v1";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { detectAndGenerate } from "../../runner/analysis/detect-and-generate.ts";
import { runnerLogger } from "../../runner/log/logger.ts";
import { tenantNamespace } from "../../runner/manifests/labels.ts";
import type { DeploymentSpec } from "../../worker/contracts/index.ts";
import { bareRepository } from "../fixtures/materialize.ts";
import { deploymentSpec, service, testId } from "./support/fixtures.ts";
import { Harness } from "./support/harness.ts";
import { type PrivateGitServer, privateGitServer } from "./support/private-git-server.ts";

const TOKEN = "private-git-token-0123456789";
const REGISTRY_PASSWORD = "private-registry-pass-0123456789";
const FIRST_PASSWORD = "a".repeat(48);
const ROTATED_PASSWORD = "b".repeat(48);
const SECRETS = [
  TOKEN,
  Buffer.from(`x-access-token:${TOKEN}`).toString("base64"),
  REGISTRY_PASSWORD,
  FIRST_PASSWORD,
  ROTATED_PASSWORD,
];

const APP = {
  "package.json": JSON.stringify({ name: "app", scripts: { start: "node server.js" } }),
  "server.js": "require('node:http').createServer((_, res) => res.end('ok')).listen(3000);\n",
};

describe("private sources and the database password on the embedded cluster", () => {
  let harness: Harness;
  let git: PrivateGitServer;
  const logLines: string[] = [];

  beforeAll(async () => {
    const { bare } = await bareRepository([APP]);
    git = await privateGitServer(bare, TOKEN);
    const workDir = await mkdtemp(join(tmpdir(), "enclave-private-"));
    harness = await Harness.start(detectAndGenerate(workDir, "local"));
    const sink = new Writable({
      write(chunk, _encoding, done) {
        logLines.push(String(chunk));
        done();
      },
    });
    (harness.deps as { logger: unknown }).logger = runnerLogger(sink);
  });
  afterAll(async () => {
    await harness.close();
    await git.close();
  });

  const privateSpec = (overrides: Partial<DeploymentSpec> = {}) =>
    deploymentSpec({
      services: [
        service({
          name: "web",
          source: { type: "git", url: git.url, ref: "main", path: "." },
          env: {},
        }),
        service({
          name: "sidecar",
          source: { type: "image", image: "ghcr.io/acme/sidecar:1.0.0" },
        }),
      ],
      database: { engine: "postgres", version: "17", pooling: false, password: FIRST_PASSWORD },
      ...overrides,
    });

  const clusterEvents = async (spec: DeploymentSpec) =>
    JSON.stringify([
      ...(await harness.kube.list("v1", "Event", tenantNamespace(spec))),
      ...(await harness.kube.list("v1", "Event", spec.config.cluster.buildNamespace)),
    ]);

  const secretValue = async (spec: DeploymentSpec, name: string, key: string) => {
    const secret = await harness.kube.read<ISecret>({
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name, namespace: tenantNamespace(spec) },
    });
    const value = secret?.data?.[key];
    return value === undefined ? undefined : Buffer.from(value, "base64").toString();
  };

  const expectNoSecretIn = (where: string, text: string) => {
    for (const secret of SECRETS) expect(text, `${where} holds a secret`).not.toContain(secret);
  };

  it("fails to read a private repository without the token, saying how to fix it", async () => {
    const refusedBefore = git.refused;
    const { terminal } = await harness.run(privateSpec());
    expect(terminal?.type).toBe("deployment.failed");
    expect(terminal?.data).toMatchObject({ stage: "detect" });
    expect(terminal?.message).toMatch(/private/);
    expect(git.refused).toBeGreaterThan(refusedBefore);
  });

  it("deploys it with the tenant's credential, and no secret shows in an event, a log line or a cluster Event", async () => {
    const spec = privateSpec({
      credentials: [
        { kind: "git", name: "deploy", host: null, token: TOKEN },
        {
          kind: "registry",
          name: "ghcr",
          server: "ghcr.io",
          username: "bot",
          password: REGISTRY_PASSWORD,
        },
      ],
    });
    const { events, terminal } = await harness.run(spec);
    expect(terminal?.type, JSON.stringify(events.filter((e) => e.type === "stage.failed"))).toBe(
      "deployment.ready",
    );
    const sidecar = await harness.kube.read<IDeployment>({
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "sidecar", namespace: tenantNamespace(spec) },
    });
    expect(sidecar?.spec?.template.spec?.imagePullSecrets).toEqual([
      { name: "registry-credentials" },
    ]);
    const web = await harness.kube.read<IDeployment>({
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "web", namespace: tenantNamespace(spec) },
    });
    expect(web?.spec?.template.spec?.imagePullSecrets).toBeUndefined();
    expect(await secretValue(spec, "registry-credentials", ".dockerconfigjson")).toContain(
      REGISTRY_PASSWORD,
    );

    expectNoSecretIn("the progress events", JSON.stringify(events));
    expect(logLines.length).toBeGreaterThan(0);
    expectNoSecretIn("the runner log", logLines.join(""));
    expectNoSecretIn("the cluster's Events", await clusterEvents(spec));
  });

  it("rotates the database password in the engine, then rolls the services onto it", async () => {
    const token = { kind: "git", name: "d", host: null, token: TOKEN } as const;
    const registry = {
      kind: "registry",
      name: "ghcr",
      server: "ghcr.io",
      username: "bot",
      password: REGISTRY_PASSWORD,
    } as const;
    const first = privateSpec({ credentials: [token, registry] });
    expect((await harness.run(first)).terminal?.type).toBe("deployment.ready");
    expect(await secretValue(first, "database-credentials", "POSTGRES_PASSWORD")).toBe(
      FIRST_PASSWORD,
    );
    const rotated: DeploymentSpec = {
      ...first,
      deployment: { ...first.deployment, id: testId("dep") },
      tenant: { ...first.tenant, wasReady: true },
      database: { ...first.database!, password: ROTATED_PASSWORD },
      credentials: [token],
    };
    const { events, terminal } = await harness.run(rotated);
    expect(terminal?.type, JSON.stringify(events.filter((e) => e.type === "stage.failed"))).toBe(
      "deployment.ready",
    );
    expect(
      events.some((e) => e.type === "stage.log" && /password was changed/.test(e.message ?? "")),
    ).toBe(true);
    expect(await secretValue(rotated, "database-credentials", "POSTGRES_PASSWORD")).toBe(
      ROTATED_PASSWORD,
    );
    expect(await secretValue(rotated, "web-env", "DATABASE_URL")).toContain(ROTATED_PASSWORD);
    // Neither password stays in the rotation's Secret, and a removed login leaves the cluster.
    expect(await secretValue(rotated, "database-rotation", "NEW_PASSWORD")).toBeUndefined();
    expect(await secretValue(rotated, "registry-credentials", ".dockerconfigjson")).toBeUndefined();
    expectNoSecretIn("the progress events", JSON.stringify(events));
    expectNoSecretIn("the runner log", logLines.join(""));
    expectNoSecretIn("the cluster's Events", await clusterEvents(rotated));

    // An env change is a deployment too: a login added meanwhile reaches the rolled services.
    const rollout: DeploymentSpec = {
      ...rotated,
      deployment: { ...rotated.deployment, id: testId("dep") },
      credentials: [token, registry],
      rollout: { services: ["sidecar"], images: { sidecar: "ghcr.io/acme/sidecar:1.0.0" } },
    };
    expect((await harness.run(rollout)).terminal?.type).toBe("deployment.ready");
    expect(await secretValue(rollout, "registry-credentials", ".dockerconfigjson")).toContain(
      REGISTRY_PASSWORD,
    );
    const sidecar = await harness.kube.read<IDeployment>({
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "sidecar", namespace: tenantNamespace(rollout) },
    });
    expect(sidecar?.spec?.template.spec?.imagePullSecrets).toEqual([
      { name: "registry-credentials" },
    ]);
  });
});
