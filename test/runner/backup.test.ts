import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { opensslDecrypt, simulatedDump } from "../../runner/behaviours/backup.ts";
import { tenantNamespace } from "../../runner/manifests/labels.ts";
import {
  BACKUP_OBJECTS_PATH,
  backupObjectUrl,
  signBackupToken,
  verifyBackupToken,
} from "../../worker/backups/signed-url.ts";
import type { DeploymentSpec } from "../../worker/contracts/index.ts";
import { deploymentSpec, testId } from "./support/fixtures.ts";
import { Harness } from "./support/harness.ts";

const edgeSecrets = { JOB_TOKEN_SECRET: "j".repeat(40) };
const KEY = "ab".repeat(32);

/** The edge's backup-object door, as the Worker serves it, over an in-memory bucket. */
function backupObjectServer() {
  const objects = new Map<string, Buffer>();
  const server = createServer(async (req, res) => {
    const token = (req.url ?? "").slice(BACKUP_OBJECTS_PATH.length + 1);
    const operation = req.method === "PUT" ? "put" : "get";
    const backupId = await verifyBackupToken(edgeSecrets, token, operation);
    if (!backupId) return res.writeHead(403).end();
    if (operation === "get") {
      const body = objects.get(backupId);
      return body ? res.writeHead(200).end(body) : res.writeHead(404).end();
    }
    if (objects.has(backupId)) return res.writeHead(409).end();
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    objects.set(backupId, Buffer.concat(chunks));
    res.writeHead(204).end();
  });
  return { server, objects };
}

describe("database backup and restore on the embedded cluster", { timeout: 120_000 }, () => {
  let harness: Harness;
  let server: Server;
  let objects: Map<string, Buffer>;
  let origin: string;
  let tenant: DeploymentSpec;

  beforeAll(async () => {
    harness = await Harness.start();
    ({ server, objects } = backupObjectServer());
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    tenant = deploymentSpec();
    expect((await harness.run(tenant)).terminal?.type).toBe("deployment.ready");
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await harness.close();
  });

  const jobSpec = async (
    kind: "backup" | "restore",
    backupId: string,
    options: { key?: string; into?: string | null; token?: string } = {},
  ): Promise<DeploymentSpec> => ({
    ...tenant,
    deployment: { id: testId("dep"), attempt: 1, kind },
    tenant: { ...tenant.tenant, wasReady: true },
    backup: {
      id: backupId,
      engine: "postgres",
      objectUrl: backupObjectUrl(
        origin,
        options.token ??
          (await signBackupToken(edgeSecrets, backupId, kind === "backup" ? "put" : "get", 600)),
      ),
      key: options.key ?? KEY,
      into: options.into ?? null,
    },
  });

  const backupId = () => `bkp_${testId("dep").slice(4)}`;

  it("backs up through the signed URL, encrypted with the backup's key, and restores it", async () => {
    const id = backupId();
    const backup = await jobSpec("backup", id);
    const made = await harness.run(backup);
    expect(made.terminal).toMatchObject({ type: "deployment.ready", data: { backupId: id } });
    // Listed at the edge, and only the key opens it.
    expect([...objects.keys()]).toContain(id);
    const stored = objects.get(id) ?? Buffer.alloc(0);
    expect(stored.subarray(0, 8).toString()).toBe("Salted__");
    expect(opensslDecrypt(stored, KEY)).toEqual(simulatedDump(id));
    expect(() => opensslDecrypt(stored, "cd".repeat(32))).toThrow();
    // The URL and key were in no event, and the Job and its Secret are gone.
    const reported = JSON.stringify(made.events);
    expect(reported).not.toContain(KEY);
    expect(reported).not.toContain(backup.backup?.objectUrl ?? "-");
    const namespace = tenantNamespace(tenant);
    expect(await harness.kube.list("batch/v1", "Job", namespace)).toEqual([]);
    const secrets = await harness.kube.list("v1", "Secret", namespace);
    expect(secrets.map((s) => s.metadata.name).filter((n) => n.startsWith("backup-"))).toEqual([]);

    const restore = await harness.run(await jobSpec("restore", id));
    expect(restore.terminal?.type).toBe("deployment.ready");
    const logs = restore.events.filter((e) => e.type === "stage.log").map((e) => e.message);
    expect(logs).toEqual(
      expect.arrayContaining(["1 service(s) scaled to zero", "1 service(s) scaled back"]),
    );
    const web = await harness.kube.read<
      { spec?: { replicas?: number } } & { apiVersion: string; kind: string }
    >({
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "web", namespace },
    });
    expect(web?.spec?.replicas).toBe(1);

    const copy = await harness.run(await jobSpec("restore", id, { into: "restored_copy" }));
    expect(copy.terminal?.type).toBe("deployment.ready");
    expect(copy.events.some((e) => e.message.includes("scaled to zero"))).toBe(false);
  });

  it("fails a restore with the wrong key, and an upload through a used or expired URL", async () => {
    const id = backupId();
    const token = await signBackupToken(edgeSecrets, id, "put", 600);
    expect((await harness.run(await jobSpec("backup", id, { token }))).terminal?.type).toBe(
      "deployment.ready",
    );
    const reused = await harness.run(await jobSpec("backup", id, { token }));
    expect(reused.terminal?.type).toBe("deployment.failed");
    const expired = await signBackupToken(edgeSecrets, backupId(), "put", 1, Date.now() - 60_000);
    const late = await harness.run(await jobSpec("backup", id, { token: expired }));
    expect(late.terminal?.type).toBe("deployment.failed");
    const wrongKey = await harness.run(await jobSpec("restore", id, { key: "cd".repeat(32) }));
    expect(wrongKey.terminal?.type).toBe("deployment.failed");
  });

  it("reports what a deletion removed, for the erasure receipt", async () => {
    const spec = deploymentSpec();
    expect((await harness.run(spec)).terminal?.type).toBe("deployment.ready");
    const { terminal } = await harness.run({
      ...spec,
      deployment: { id: testId("dep"), attempt: 1, kind: "deprovision" },
    });
    expect(terminal).toMatchObject({
      type: "deployment.deleted",
      data: { namespace: 1, volumes: 1, certificates: 1, buildObjects: 0, images: 0 },
    });
  });
});
