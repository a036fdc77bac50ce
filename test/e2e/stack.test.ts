import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AppsV1Api, CoreV1Api, KubeConfig } from "@kubernetes/client-node";
import { Agent, fetch as fetchWith } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { PROVISION_STAGES, type StreamedEvent } from "../../worker/contracts/index.ts";
import { readEvents, startTestStack, type TestStack } from "./harness.ts";
import { sampleRepository } from "./sample-repository.ts";

interface Created {
  tenant: { id: string; slug: string };
  deployment: { id: string };
  links: { events: string; ws: string };
}

const imageService = {
  name: "web",
  source: { type: "image", image: "ghcr.io/enclave/sample:1.0.0" },
  port: 3000,
  healthPath: "/healthz",
};

describe.sequential("the whole stack: wrangler dev, the runner process, the embedded cluster", () => {
  let stack: TestStack;
  let kube: { core: CoreV1Api; apps: AppsV1Api };
  let cluster: { server: string; token: string; dispatcher: Agent };

  const create = async (slug: string, body: Record<string, unknown> = {}) => {
    const res = await stack.api<Created>("/v1/tenants", {
      method: "POST",
      body: JSON.stringify({ name: slug, slug, services: [imageService], ...body }),
    });
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    return res.body;
  };
  const operator = (path: string, init: RequestInit) =>
    fetch(`${stack.edgeUrl}${path}`, {
      ...init,
      headers: {
        authorization: `Bearer ${stack.secrets.OPERATOR_TOKEN}`,
        "content-type": "application/json",
      },
    });
  const setConfig = async (key: string, value: unknown) => {
    const res = await operator(`/v1/admin/config/${key}`, {
      method: "PUT",
      body: JSON.stringify({ value }),
    });
    expect(res.status).toBe(200);
  };
  const resetConfig = async (key: string) => {
    await (await operator(`/v1/admin/config/${key}`, { method: "DELETE" })).body?.cancel();
  };
  const tenant = async (id: string) =>
    (await stack.api<{ status: string; statusReason: string | null }>(`/v1/tenants/${id}`)).body;
  const namespaceOf = (tenantId: string) => `enclave-${tenantId.replace("_", "-")}`;

  beforeAll(async () => {
    stack = await startTestStack({ clusterEnv: { ENCLAVE_CLUSTER_TIMINGS: "test" } });
    const config = new KubeConfig();
    config.loadFromFile(stack.kubeconfig);
    kube = { core: config.makeApiClient(CoreV1Api), apps: config.makeApiClient(AppsV1Api) };
    const kubeconfig = parse(readFileSync(stack.kubeconfig, "utf8")) as {
      clusters: { cluster: { server: string; "certificate-authority-data": string } }[];
      users: { user: { token: string } }[];
    };
    const ca = kubeconfig.clusters[0]?.cluster["certificate-authority-data"] ?? "";
    cluster = {
      server: kubeconfig.clusters[0]?.cluster.server ?? "",
      token: kubeconfig.users[0]?.user.token ?? "",
      dispatcher: new Agent({ connect: { ca: Buffer.from(ca, "base64").toString() } }),
    };
  });
  afterAll(async () => {
    await stack?.dispose();
    await cluster?.dispatcher.close();
  });

  it("serves the embedded cluster over HTTPS to credentials only, from a private state folder", async () => {
    expect(cluster.server).toMatch(/^https:/);
    const anonymous = await fetchWith(`${cluster.server}/api/v1/secrets`, {
      dispatcher: cluster.dispatcher,
    });
    expect(anonymous.status).toBe(401);
    const admin = await fetchWith(`${cluster.server}/api/v1/secrets`, {
      dispatcher: cluster.dispatcher,
      headers: { authorization: `Bearer ${cluster.token}` },
    });
    expect(admin.status).toBe(200);
    expect((await kube.core.listNamespace()).items.length).toBeGreaterThan(0);
    const kubectl = spawnSync(
      "kubectl",
      ["--kubeconfig", stack.kubeconfig, "get", "ns", "default"],
      {
        encoding: "utf8",
      },
    );
    expect(kubectl.stdout).toContain("default");
    for (const file of ["", "kubeconfig.yaml", "cluster-state.db", "dev.json"]) {
      const mode = statSync(join(stack.stateDir, file)).mode & 0o777;
      expect(mode, file || "the state folder").toBe(file ? 0o600 : 0o700);
    }
  });

  it("previews the sample app's detection on a dry run, creating nothing", async () => {
    const res = await stack.api<{ services: { detection: unknown }[] }>("/v1/tenants?dryRun=true", {
      method: "POST",
      body: JSON.stringify({
        name: "preview",
        slug: "preview",
        services: [
          {
            name: "web",
            source: { type: "git", url: sampleRepository(), ref: "main" },
            port: 3000,
          },
          { ...imageService, name: "cache" },
        ],
      }),
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.services.map((service) => service.detection)).toEqual([
      {
        status: "detected",
        detection: expect.objectContaining({
          languages: [expect.objectContaining({ value: "Node.js" })],
          startCommand: expect.objectContaining({
            value: "npm run start",
            evidence: [{ file: "package.json", signal: "scripts.start: node server.js" }],
          }),
          port: expect.objectContaining({ value: 3000 }),
        }),
      },
      null,
    ]);
    const tenants = await stack.api<{ data: { slug: string }[] }>("/v1/tenants");
    expect(tenants.body.data.map((tenant) => tenant.slug)).not.toContain("preview");
  });

  it("provisions a tenant from git; every stage arrives over SSE and WebSocket, in order", async () => {
    const created = await create("acme", {
      services: [
        {
          name: "web",
          source: { type: "git", url: sampleRepository(), ref: "main" },
          port: 3000,
          healthPath: "/healthz",
          env: { LOG_LEVEL: "info", API_TOKEN: "s3cret-value" },
          releaseCommand: "echo migrating",
        },
      ],
      database: { engine: "postgres", version: "16" },
    });

    const ticket = await stack.api<{ url: string }>(
      `/v1/deployments/${created.deployment.id}/ticket`,
      {
        method: "POST",
      },
    );
    expect(ticket.status).toBe(201);
    const wsEvents: StreamedEvent[] = [];
    const ws = new WebSocket(`${stack.edgeUrl.replace("http", "ws")}${ticket.body.url}`);
    const wsClosed = new Promise<void>((resolve, reject) => {
      ws.addEventListener("message", (m) => wsEvents.push(JSON.parse(String(m.data))));
      ws.addEventListener("close", () => resolve());
      ws.addEventListener("error", () => reject(new Error("websocket error")));
    });

    const sseEvents = await readEvents(stack, created.deployment.id);
    await wsClosed;

    expect(sseEvents.at(-1)?.type).toBe("deployment.ready");
    const started = sseEvents.filter((e) => e.type === "stage.started").map((e) => e.stage);
    expect(started).toEqual(PROVISION_STAGES);
    for (const stage of PROVISION_STAGES) {
      expect(sseEvents.some((e) => e.stage === stage && e.type === "stage.completed")).toBe(true);
    }
    expect(sseEvents.map((e) => e.id)).toEqual(sseEvents.map((_, i) => i + 1));
    expect(wsEvents.map((e) => [e.id, e.type, e.stage])).toEqual(
      sseEvents.map((e) => [e.id, e.type, e.stage]),
    );
    expect(JSON.stringify(sseEvents)).not.toContain("s3cret-value");
    expect((await tenant(created.tenant.id)).status).toBe("active");

    const ns = namespaceOf(created.tenant.id);
    const namespace = await kube.core.readNamespace({ name: ns });
    expect(namespace.metadata?.labels?.["pod-security.kubernetes.io/enforce"]).toBe("restricted");
    const deployments = await kube.apps.listNamespacedDeployment({ namespace: ns });
    expect(deployments.items.map((d) => d.status?.availableReplicas)).toEqual([1]);

    // The README's `kubectl get all -A -l app.kubernetes.io/managed-by=enclave` shows it all.
    const all = spawnSync(
      "kubectl",
      [
        ...["--kubeconfig", stack.kubeconfig, "get", "all", "-A"],
        ...["-l", "app.kubernetes.io/managed-by=enclave", "-o", "name"],
      ],
      { encoding: "utf8" },
    );
    const kinds = new Set(all.stdout.split("\n").map((line) => line.split("/")[0]));
    for (const kind of ["pod", "service", "deployment.apps", "replicaset.apps", "statefulset.apps"])
      expect(kinds, all.stderr).toContain(kind);
  });

  it("runs the README's quick start: the CLI deploys a local folder and prints the URL", async () => {
    expect(statSync(join(stack.stateDir, "stack.json")).mode & 0o777).toBe(0o600);
    const cli = spawnSync(
      process.execPath,
      [
        "runner/cli/main.ts",
        ...["tenants", "create", "--name", "Quick", "--slug", "quick"],
        ...["--git", "./test/fixtures/sample-app", "--port", "3000", "--health-path", "/healthz"],
        ...["--database", "postgres", "--wait"],
      ],
      {
        cwd: join(import.meta.dirname, "../.."),
        encoding: "utf8",
        timeout: 90_000,
        env: {
          PATH: process.env.PATH ?? "",
          HOME: mkdtempSync(join(tmpdir(), "enclave-home-")),
          NO_COLOR: "1",
          // Nobody logged in: the CLI finds the stack, on its free port, through its state folder.
          ENCLAVE_STATE_DIR: stack.stateDir,
        },
      },
    );
    expect(cli.status, cli.stderr).toBe(0);
    const output = `${cli.stdout}${cli.stderr}`;
    // The release stage runs only for a service with a release command; this one has none.
    for (const stage of PROVISION_STAGES.filter((s) => s !== "release")) {
      expect(output).toContain(stage);
    }
    expect(output).toContain("https://quick.enclave.localhost");
  });

  it("resumes an SSE stream with Last-Event-ID without missing or repeating anything", async () => {
    const created = await create("resume");
    const head = await readEvents(stack, created.deployment.id, { until: (e) => e.id >= 3 });
    const lastId = head.at(-1)?.id ?? 0;
    const tail = await readEvents(stack, created.deployment.id, { lastEventId: lastId });
    const all = [...head, ...tail];
    expect(all.map((e) => e.id)).toEqual(all.map((_, i) => i + 1));
    expect(all.at(-1)?.type).toBe("deployment.ready");
  });

  it("redeploys a ready tenant with changed env: the pods get it through the env Secret", async () => {
    const created = await create("evolve", {
      services: [{ ...imageService, env: { LOG_LEVEL: "info" } }],
    });
    expect((await readEvents(stack, created.deployment.id)).at(-1)?.type).toBe("deployment.ready");
    const ns = namespaceOf(created.tenant.id);
    const before = await kube.apps.readNamespacedDeployment({ name: "web", namespace: ns });

    const patched = await stack.api<Created>(`/v1/tenants/${created.tenant.id}/services/web`, {
      method: "PATCH",
      headers: { "idempotency-key": "evolve-env" },
      body: JSON.stringify({ envSet: { LOG_LEVEL: "debug", FEATURE_FLAG: "on" } }),
    });
    expect(patched.status, JSON.stringify(patched.body)).toBe(202);
    expect(patched.body.deployment.id).not.toBe(created.deployment.id);
    expect((await tenant(created.tenant.id)).status).toBe("active");
    const events = await readEvents(stack, patched.body.deployment.id);
    expect(events.at(-1)?.type).toBe("deployment.ready");
    expect(JSON.stringify(events)).not.toContain("FEATURE_FLAG=on");
    expect((await tenant(created.tenant.id)).status).toBe("active");

    const after = await kube.apps.readNamespacedDeployment({ name: "web", namespace: ns });
    const template = after.spec?.template;
    const env = template?.spec?.containers[0]?.env ?? [];
    expect(env.find((e) => e.name === "FEATURE_FLAG")?.valueFrom?.secretKeyRef).toEqual({
      name: "web-env",
      key: "FEATURE_FLAG",
    });
    const checksum = "enclave.dev/env-checksum";
    expect(template?.metadata?.annotations?.[checksum]).not.toBe(
      before.spec?.template.metadata?.annotations?.[checksum],
    );
    const secret = await kube.core.readNamespacedSecret({ name: "web-env", namespace: ns });
    const decoded = (key: string) => Buffer.from(secret.data?.[key] ?? "", "base64").toString();
    expect([decoded("FEATURE_FLAG"), decoded("LOG_LEVEL")]).toEqual(["on", "debug"]);
  });

  it("retries dispatch while the runner is down and finishes once it is back", async () => {
    await stack.stopRunner();
    const created = await create("patient");
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const waiting = await stack.api<{ status: string }>(`/v1/deployments/${created.deployment.id}`);
    expect(waiting.body.status).toBe("queued");
    await stack.startRunner();
    const events = await readEvents(stack, created.deployment.id);
    expect(events.at(-1)?.type).toBe("deployment.ready");
    expect((await tenant(created.tenant.id)).status).toBe("active");
  });

  it("re-dispatches a deployment whose runner died mid-pipeline, converging without duplicates", async () => {
    await setConfig("timeouts", { watchdogSeconds: 5 });
    // Holds the first Deployment apply long enough to kill the runner in the middle of it.
    const fault = await fetchWith(`${cluster.server}/_emulator/faults`, {
      dispatcher: cluster.dispatcher,
      method: "POST",
      headers: { authorization: `Bearer ${cluster.token}`, "content-type": "application/json" },
      body: JSON.stringify({ verb: "patch", resource: "deployments", latencyMs: 3_000, times: 1 }),
    });
    expect(fault.status).toBe(201);
    try {
      const created = await create("phoenix", { database: { engine: "postgres", version: "16" } });
      const head = await readEvents(stack, created.deployment.id, {
        until: (e) => e.stage === "deploy" && e.type === "stage.started",
      });
      await stack.stopRunner("SIGKILL");
      await stack.startRunner();
      const tail = await readEvents(stack, created.deployment.id, { lastEventId: head.at(-1)?.id });
      expect(tail.at(-1)?.type, JSON.stringify(tail.slice(-4))).toBe("deployment.ready");
      expect(tail.some((e) => e.attempt === 2)).toBe(true);

      const ns = namespaceOf(created.tenant.id);
      const names = async (list: Promise<{ items: { metadata?: { name?: string } }[] }>) =>
        (await list).items.map((i) => i.metadata?.name).sort();
      expect(await names(kube.apps.listNamespacedDeployment({ namespace: ns }))).toEqual(["web"]);
      expect(await names(kube.apps.listNamespacedStatefulSet({ namespace: ns }))).toEqual([
        "database",
      ]);
      expect((await kube.apps.listNamespacedReplicaSet({ namespace: ns })).items).toHaveLength(1);
      expect(await names(kube.core.listNamespacedService({ namespace: ns }))).toEqual([
        "database",
        "web",
      ]);
    } finally {
      await resetConfig("timeouts");
    }
  });

  it("fails a job that can never be dispatched through the dead-letter queue, with the reason", async () => {
    await setConfig("retries", { dispatchBaseDelaySeconds: 1, dispatchMaxDelaySeconds: 1 });
    await stack.stopRunner();
    try {
      const created = await create("doomed");
      const events = await readEvents(stack, created.deployment.id, { timeoutMs: 90_000 });
      const last = events.at(-1);
      expect(last?.type).toBe("deployment.failed");
      expect(last?.message).toMatch(/runner|dispatch/i);
      const state = await tenant(created.tenant.id);
      expect(state.status).toBe("failed");
      expect(state.statusReason).toMatch(/runner|dispatch/i);
    } finally {
      await resetConfig("retries");
      await stack.startRunner();
    }
  });

  it("backs a database up through the edge's signed URL, restores it, and erases it with the tenant", async () => {
    const created = await create("vault", { database: { engine: "postgres" } });
    expect((await readEvents(stack, created.deployment.id)).at(-1)?.type).toBe("deployment.ready");
    const backupsPath = `/v1/tenants/${created.tenant.id}/database/backups`;
    type BackupOp = { backup: { id: string }; deployment: { id: string } };
    type Backup = { id: string; status: string; sizeBytes: number | null };

    const started = await stack.api<BackupOp>(backupsPath, { method: "POST" });
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    const backupEvents = await readEvents(stack, started.body.deployment.id);
    expect(backupEvents.at(-1)?.type).toBe("deployment.ready");
    const stored = await stack.api<Backup>(`${backupsPath}/${started.body.backup.id}`);
    expect(stored.body).toMatchObject({ status: "completed" });
    expect(stored.body.sizeBytes).toBeGreaterThan(0);
    const listed = await stack.api<{ data: Backup[] }>(backupsPath);
    expect(listed.body.data.map((backup) => backup.id)).toEqual([started.body.backup.id]);

    // The restore downloads through a second signed URL and decrypts with the tenant's key:
    // a wrong key or different bytes would fail its Job.
    const ns = namespaceOf(created.tenant.id);
    for (const body of [{ into: "vault_copy" }, {}]) {
      const restored = await stack.api<BackupOp>(
        `${backupsPath}/${started.body.backup.id}/restore`,
        { method: "POST", body: JSON.stringify(body) },
      );
      expect(restored.status, JSON.stringify(restored.body)).toBe(202);
      const events = await readEvents(stack, restored.body.deployment.id);
      expect(events.at(-1)?.type, JSON.stringify(events.at(-1))).toBe("deployment.ready");
    }
    const web = await kube.apps.readNamespacedDeployment({ name: "web", namespace: ns });
    expect(web.spec?.replicas).toBeGreaterThan(0);
    expect(JSON.stringify(backupEvents)).not.toContain("backup-objects");

    const deleted = await stack.api<Created>(`/v1/tenants/${created.tenant.id}`, {
      method: "DELETE",
    });
    expect((await readEvents(stack, deleted.body.deployment.id)).at(-1)?.type).toBe(
      "deployment.deleted",
    );
    const receipt = await stack.api<{ items: { item: string; count: number }[] }>(
      `/v1/tenants/${created.tenant.id}/erasure`,
    );
    expect(receipt.status).toBe(200);
    const counts = Object.fromEntries(receipt.body.items.map((i) => [i.item, i.count]));
    expect(counts).toMatchObject({ namespace: 1, backups: 1, dataKey: 1 });
  });

  it("deletes a tenant: the namespace and everything in it are gone", async () => {
    const created = await create("ephemeral");
    expect((await readEvents(stack, created.deployment.id)).at(-1)?.type).toBe("deployment.ready");
    const ns = namespaceOf(created.tenant.id);
    await kube.core.readNamespace({ name: ns });

    const deleted = await stack.api<Created>(`/v1/tenants/${created.tenant.id}`, {
      method: "DELETE",
    });
    expect(deleted.status).toBe(202);
    const events = await readEvents(stack, deleted.body.deployment.id);
    expect(events.at(-1)?.type).toBe("deployment.deleted");
    expect((await tenant(created.tenant.id)).status).toBe("deleted");
    await expect(kube.core.readNamespace({ name: ns })).rejects.toMatchObject({ code: 404 });
  });
});
