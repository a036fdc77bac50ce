import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  deployment,
  EVENTS_PATH,
  eventStream,
  events,
  FakeApi,
  sendProblem,
  TENANT_ID,
} from "./fake-api.ts";
import { runCli } from "./run-cli.ts";

const BACKUP_ID = "bkp_0123456789abcdefghjk";
const backupsPath = `/v1/tenants/${TENANT_ID}/database/backups`;
const backup = (overrides: Record<string, unknown> = {}) => ({
  id: BACKUP_ID,
  tenantId: TENANT_ID,
  status: "completed",
  origin: "on_demand",
  engine: "postgres",
  sizeBytes: 3 * 1024 * 1024,
  deploymentId: "dep_0123456789abcdefghjk",
  createdAt: "2025-01-01T00:00:00.000Z",
  completedAt: "2025-01-01T00:00:05.000Z",
  ...overrides,
});
const backupOperation = (kind: "backup" | "restore") => ({
  backup: backup({ status: kind === "backup" ? "pending" : "completed", sizeBytes: null }),
  deployment: deployment({ kind }),
  links: deployment().links,
});

let api: FakeApi;
beforeEach(async () => {
  api = await new FakeApi().start();
});
afterEach(() => api.close());

const cli = (...args: string[]) => runCli(args, { apiUrl: api.url });

describe("enclave backups", () => {
  it("list shows status, origin, a readable size and the time; --json the page", async () => {
    api.json("GET", backupsPath, 200, {
      data: [
        backup(),
        backup({ id: "bkp_1123456789abcdefghjk", status: "failed", sizeBytes: null }),
      ],
      nextCursor: "c2",
    });
    const result = await cli("backups", "list", TENANT_ID, "--limit", "2");
    expect(result.code, result.stderr).toBe(0);
    expect(api.requests[0]?.path).toBe(`${backupsPath}?limit=2`);
    expect(result.stdout).toMatch(
      new RegExp(`${BACKUP_ID}\\s+completed\\s+on_demand\\s+3\\.0 MiB`),
    );
    expect(result.stdout).toMatch(/bkp_1123456789abcdefghjk\s+failed\s+on_demand\s+-/);
    expect(result.stderr).toContain(`enclave backups list ${TENANT_ID} --cursor c2`);

    const json = await cli("backups", "list", TENANT_ID, "--json");
    expect(JSON.parse(json.stdout).data[0].id).toBe(BACKUP_ID);
  });

  it("create starts a backup with an idempotency key and follows it with --wait", async () => {
    api.json("POST", backupsPath, 202, backupOperation("backup"));
    api.on(
      "GET",
      EVENTS_PATH,
      eventStream(
        events([
          { type: "stage.started", stage: "backup" },
          { type: "stage.completed", stage: "backup" },
          { type: "deployment.ready", stage: null },
        ]),
      ),
    );
    const result = await cli("backups", "create", TENANT_ID, "--wait");
    expect(result.code, result.stderr).toBe(0);
    expect(api.requests[0]?.headers["idempotency-key"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(result.stdout).toContain(`Backing up into ${BACKUP_ID}.`);
    expect(result.stderr).toContain("backup");
  });

  it("restore sends --into, or no target for the tenant's own database", async () => {
    const restorePath = `${backupsPath}/${BACKUP_ID}/restore`;
    api.json("POST", restorePath, 202, backupOperation("restore"));
    const into = await cli("backups", "restore", TENANT_ID, BACKUP_ID, "--into", "restored");
    expect(into.code, into.stderr).toBe(0);
    expect(api.requests[0]?.body).toEqual({ into: "restored" });
    expect(into.stdout).toContain(`Restoring ${BACKUP_ID}.`);
    expect(into.stdout).toContain("Deployment dep_0123456789abcdefghjk queued.");

    const own = await cli("backups", "restore", TENANT_ID, BACKUP_ID);
    expect(own.code, own.stderr).toBe(0);
    expect(api.requests[1]?.body).toEqual({});
  });

  it("show and delete name one backup; a missing one is the API's 404", async () => {
    api.json("GET", `${backupsPath}/${BACKUP_ID}`, 200, backup());
    api.on("DELETE", `${backupsPath}/${BACKUP_ID}`, (_req, res) => {
      res.writeHead(204);
      res.end();
    });
    const shown = await cli("backups", "show", TENANT_ID, BACKUP_ID);
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toMatch(/Size:\s+3\.0 MiB/);
    const deleted = await cli("backups", "delete", TENANT_ID, BACKUP_ID);
    expect(deleted.code, deleted.stderr).toBe(0);
    expect(deleted.stdout).toBe(`Deleted ${BACKUP_ID}.\n`);

    api.on("GET", `${backupsPath}/bkp_missing`, (_req, res) =>
      sendProblem(res, 404, { code: "not_found", title: "Not found", detail: "No such backup" }),
    );
    const missing = await cli("backups", "show", TENANT_ID, "bkp_missing");
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("No such backup");
  });

  it("refuses a missing backup id or an extra argument before calling the API", async () => {
    for (const args of [
      ["backups", "restore", TENANT_ID],
      ["backups", "delete", TENANT_ID],
      ["backups", "list", TENANT_ID, "extra"],
      ["backups", "list"],
    ]) {
      const result = await cli(...args);
      expect(result.code, args.join(" ")).toBe(2);
    }
    expect(api.requests).toHaveLength(0);
  });
});

describe("enclave tenants erasure", () => {
  it("prints each erased item and until when the slug is reserved", async () => {
    api.json("GET", `/v1/tenants/${TENANT_ID}/erasure`, 200, {
      tenantId: TENANT_ID,
      deletedAt: "2025-01-02T00:00:00.000Z",
      completedAt: "2025-01-02T00:00:03.000Z",
      items: [
        { item: "namespace", count: 1, erasedAt: "2025-01-02T00:00:02.000Z" },
        { item: "backups", count: 4, erasedAt: "2025-01-02T00:00:03.000Z" },
      ],
      slugReservedUntil: "2025-02-01T00:00:00.000Z",
    });
    const result = await cli("tenants", "erasure", TENANT_ID);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/backups\s+4\s+2025-01-02T00:00:03.000Z/);
    expect(result.stderr).toContain("reserved until 2025-02-01T00:00:00.000Z");
  });
});
