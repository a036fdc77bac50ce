import { runDurableObjectAlarm } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createOrg, request } from "../harness.ts";
import { KNOWN_RANGE, requestRow, seedKnownHistory } from "./support.ts";

const zero = {
  apiRequests: 0,
  deployments: 0,
  buildMinutes: 0,
  serviceHours: 0,
  databaseGbDays: 0,
  volumeGbDays: 0,
  backupGbDays: 0,
};

describe("GET /v1/usage", () => {
  it("derives each day's usage from the organization's records", async () => {
    const org = await createOrg();
    await seedKnownHistory(org.orgId);
    const res = await request(`/v1/usage?${KNOWN_RANGE}`, { headers: org.headers });
    expect(res.status).toBe(200);
    const report = (await res.json()) as { days: unknown[]; totals: unknown };
    expect(report).toMatchObject({ from: "2026-03-01", to: "2026-03-03", tenantId: null });
    expect(report.days).toEqual([
      {
        date: "2026-03-01",
        ...zero,
        deployments: 1,
        buildMinutes: 2,
        serviceHours: 24,
        databaseGbDays: 5,
        volumeGbDays: 15,
      },
      {
        date: "2026-03-02",
        ...zero,
        apiRequests: 42,
        deployments: 1,
        serviceHours: 30,
        databaseGbDays: 5,
        volumeGbDays: 15,
      },
      { date: "2026-03-03", ...zero },
    ]);
    expect(report.totals).toEqual({
      ...zero,
      apiRequests: 42,
      deployments: 2,
      buildMinutes: 2,
      serviceHours: 54,
      databaseGbDays: 10,
      volumeGbDays: 30,
    });
  });

  it("covers the last 30 days by default", async () => {
    const org = await createOrg();
    const report = (await (await request("/v1/usage", { headers: org.headers })).json()) as {
      from: string;
      to: string;
      days: { date: string }[];
    };
    const today = new Date().toISOString().slice(0, 10);
    expect(report.to).toBe(today);
    expect(report.days).toHaveLength(30);
    expect(report.days.at(-1)?.date).toBe(today);
  });

  it("answers CSV for format=csv or Accept: text/csv", async () => {
    const org = await createOrg();
    await seedKnownHistory(org.orgId);
    const res = await request(`/v1/usage?${KNOWN_RANGE}&format=csv`, { headers: org.headers });
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect((await res.text()).split("\r\n")).toEqual([
      "date,apiRequests,deployments,buildMinutes,serviceHours,databaseGbDays,volumeGbDays,backupGbDays",
      "2026-03-01,0,1,2,24,5,15,0",
      "2026-03-02,42,1,0,30,5,15,0",
      "2026-03-03,0,0,0,0,0,0,0",
      "",
    ]);
    const accepted = await request(`/v1/usage?${KNOWN_RANGE}`, {
      headers: { ...org.headers, accept: "text/csv" },
    });
    expect((await accepted.text()).startsWith("date,apiRequests")).toBe(true);
  });

  it("reports one tenant's usage, without the organization's request count", async () => {
    const org = await createOrg();
    const { tenantId } = await seedKnownHistory(org.orgId);
    await seedKnownHistory(org.orgId);
    const res = await request(`/v1/tenants/${tenantId}/usage?${KNOWN_RANGE}`, {
      headers: org.headers,
    });
    expect(res.status).toBe(200);
    const report = (await res.json()) as { tenantId: string; totals: Record<string, unknown> };
    expect(report.tenantId).toBe(tenantId);
    expect(report.totals).toMatchObject({ apiRequests: null, deployments: 2, serviceHours: 54 });
  });
});

describe("API request counting", () => {
  it("counts requests in the organization's limiter and writes D1 only when it flushes", async () => {
    const org = await createOrg();
    for (let i = 0; i < 3; i += 1) {
      expect((await request("/v1/tenants", { headers: org.headers })).status).toBe(200);
    }
    // Every request, with its after-response work, is done: nothing of it reached D1.
    expect((await requestRow(org.orgId)).results).toEqual([]);

    const limiter = env.RATE_LIMITER.get(env.RATE_LIMITER.idFromName(org.orgId));
    expect(await runDurableObjectAlarm(limiter)).toBe(true);
    const today = new Date().toISOString().slice(0, 10);
    expect((await requestRow(org.orgId)).results).toEqual([{ day: today, requests: 3 }]);

    await request("/v1/tenants", { headers: org.headers });
    expect(await runDurableObjectAlarm(limiter)).toBe(true);
    expect((await requestRow(org.orgId)).results).toEqual([{ day: today, requests: 4 }]);
  });
});
