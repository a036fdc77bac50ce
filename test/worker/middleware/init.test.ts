import { Hono } from "hono";
import { afterEach, describe, expect, it, vi } from "vitest";
import { organizations } from "../../../worker/db/schema.ts";
import type { AppEnv } from "../../../worker/lib/types.ts";
import { init } from "../../../worker/middleware/init.ts";
import { createOrg, problem, request, workerEnv } from "../harness.ts";

afterEach(() => vi.restoreAllMocks());

describe("init middleware", () => {
  it("puts the request id, a database handle and a logger on the context before handlers run", async () => {
    const probe = new Hono<AppEnv>().use("*", init).get("/probe", async (c) => {
      const rows = await c.get("db").select().from(organizations).limit(1);
      c.get("logger").info("probe");
      return c.json({ requestId: c.get("requestId"), rows: rows.length });
    });
    await createOrg();
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    const res = await probe.request(
      "/probe",
      { headers: { "x-request-id": "trace-probe-1" } },
      workerEnv,
    );
    expect(res.headers.get("x-request-id")).toBe("trace-probe-1");
    expect(await res.json()).toEqual({ requestId: "trace-probe-1", rows: 1 });
    expect(JSON.parse(String(log.mock.calls[0]?.[0]))).toEqual({
      msg: "probe",
      requestId: "trace-probe-1",
    });
  });

  it("logs an unhandled error with the request id and answers without its details", async () => {
    const org = await createOrg();
    const failing = {
      prepare: () => {
        throw new Error("D1 unavailable: internal detail");
      },
      withSession: () => failing,
    } as unknown as D1Database;
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const res = await request("/v1/tenants", { headers: org.headers, env: { DB: failing } });
    expect(res.status).toBe(500);
    const body = await problem(res);
    expect(JSON.stringify(body)).not.toContain("internal detail");
    const lines = logged.mock.calls.map(([line]) => JSON.parse(String(line)));
    expect(lines).toContainEqual(
      expect.objectContaining({ msg: "unhandled error", requestId: body.requestId }),
    );
  });

  it("answers the D1 session's bookmark, and reads after the one a client sends back", async () => {
    const org = await createOrg();
    const first = await request("/v1/tenants", { headers: org.headers });
    const bookmark = first.headers.get("x-d1-bookmark");
    expect(bookmark).toMatch(/^[A-Za-z0-9._:-]+$/);
    const next = await request("/v1/tenants", {
      headers: { ...org.headers, "x-d1-bookmark": bookmark ?? "" },
    });
    expect(next.status).toBe(200);
    expect(next.headers.get("x-d1-bookmark")).toBeTruthy();
  });
});
