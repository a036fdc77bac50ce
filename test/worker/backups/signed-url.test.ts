import { describe, expect, it } from "vitest";
import { signBackupToken, verifyBackupToken } from "../../../worker/backups/signed-url.ts";
import { createOrg, problem, workerEnv } from "../harness.ts";
import { activeTenant, backupJobSpec, objectPath, startBackup, upload } from "./support.ts";

const BACKUP = "bkp_0123456789abcdefghjk";

describe("signed backup URLs", () => {
  it("grant their one operation on their one backup until they expire", async () => {
    const now = Date.parse("2026-01-01T00:00:00Z");
    const token = await signBackupToken(workerEnv, BACKUP, "put", 600, now);
    expect(await verifyBackupToken(workerEnv, token, "put", now + 599_000)).toBe(BACKUP);
    expect(await verifyBackupToken(workerEnv, token, "put", now + 600_000)).toBeNull();
    expect(await verifyBackupToken(workerEnv, token, "get", now)).toBeNull();
  });

  it("refuse a tampered claim or signature, and another secret's token", async () => {
    const token = await signBackupToken(workerEnv, BACKUP, "get", 600);
    const [body = "", signature = ""] = token.split(".");
    const claims = JSON.parse(atob(body.replaceAll("-", "+").replaceAll("_", "/")));
    const forged = btoa(JSON.stringify({ ...claims, b: "bkp_zzzzzzzzzzzzzzzzzzzz" }))
      .replaceAll("+", "-")
      .replaceAll("/", "_")
      .replace(/=+$/, "");
    expect(await verifyBackupToken(workerEnv, `${forged}.${signature}`, "get")).toBeNull();
    const flipped = `${signature.slice(0, -2)}${signature.endsWith("AA") ? "BB" : "AA"}`;
    expect(await verifyBackupToken(workerEnv, `${body}.${flipped}`, "get")).toBeNull();
    expect(await verifyBackupToken(workerEnv, "not-a-token", "get")).toBeNull();
    const other = await signBackupToken({ JOB_TOKEN_SECRET: "x".repeat(40) }, BACKUP, "get", 600);
    expect(await verifyBackupToken(workerEnv, other, "get")).toBeNull();
  });

  it("refuse (403) an expired or tampered URL at the door, and a second upload (409)", async () => {
    const org = await createOrg();
    const tenant = await activeTenant(org);
    const op = await startBackup(org, tenant.id);
    const expired = await signBackupToken(workerEnv, op.backup.id, "put", 60, Date.now() - 120_000);
    const refused = await upload(`/v1/backup-objects/${expired}`, "late");
    expect(refused.status).toBe(403);
    expect(await problem(refused)).toMatchObject({ code: "forbidden" });

    const path = objectPath((await backupJobSpec(op.deployment.id)).backup?.objectUrl ?? "");
    expect((await upload(`${path}x`, "bytes")).status).toBe(403);
    expect((await upload(path, "bytes")).status).toBe(204);
    const again = await upload(path, "other bytes");
    expect(again.status).toBe(409);
    expect(await problem(again)).toMatchObject({ code: "invalid_state" });
  });
});
