import { env } from "cloudflare:workers";
import { jwtVerify } from "jose";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  EDGE_ISSUER,
  LOGS_TOKEN_AUDIENCE,
  tenantNamespaceName,
} from "../../../worker/contracts/index.ts";
import { createOrg, createTenant, request } from "../harness.ts";
import { progressEvent } from "../support/events.ts";
import { reportEvents } from "../support/runner-api.ts";
import { seedDeployment } from "../support/seed.ts";
import { mockRunnerLogs, ndjson } from "./support.ts";

afterEach(() => {
  vi.restoreAllMocks();
});

const buildLog = (deploymentId: string, seq: number, message: string, attempt = 1) =>
  progressEvent(deploymentId, {
    seq,
    attempt,
    stage: "build",
    type: "stage.log",
    message,
    data: { log: { service: "web", container: "build" } },
  });

describe("GET /v1/deployments/:id/logs", () => {
  it("returns the build's log lines, one per line, without the pipeline's own messages", async () => {
    const org = await createOrg(["read"]);
    const { deploymentId } = await seedDeployment({ organizationId: org.orgId });
    await reportEvents(deploymentId, [
      progressEvent(deploymentId, { seq: 0, stage: "build", type: "stage.started" }),
      progressEvent(deploymentId, {
        seq: 1,
        stage: "build",
        type: "stage.log",
        message: "web: build Job enclave-builds/build-web",
      }),
      buildLog(deploymentId, 2, "web | STEP 1/3: FROM node:22\nweb | STEP 2/3: COPY . ."),
      buildLog(deploymentId, 3, "web | STEP 3/3: COMMIT [redacted]"),
    ]);

    const text = await request(`/v1/deployments/${deploymentId}/logs`, { headers: org.headers });
    expect(text.status).toBe(200);
    expect(text.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(await text.text()).toBe(
      "web | STEP 1/3: FROM node:22\nweb | STEP 2/3: COPY . .\nweb | STEP 3/3: COMMIT [redacted]\n",
    );

    const jsonl = await request(`/v1/deployments/${deploymentId}/logs?format=jsonl`, {
      headers: org.headers,
    });
    expect(jsonl.headers.get("content-type")).toBe("application/jsonl; charset=utf-8");
    const lines = (await jsonl.text())
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatchObject({
      attempt: 1,
      stage: "build",
      service: "web",
      container: "build",
      line: "STEP 1/3: FROM node:22",
    });
  });

  it("answers an empty log for a deployment that has not built yet", async () => {
    const org = await createOrg(["read"]);
    const { deploymentId } = await seedDeployment({ organizationId: org.orgId });
    const res = await request(`/v1/deployments/${deploymentId}/logs`, { headers: org.headers });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("");
  });
});

describe("GET /v1/tenants/:id/services/:name/logs", () => {
  it("asks the runner with a logs token naming the tenant's namespace and the service", async () => {
    const org = await createOrg();
    const { tenant } = await createTenant(org);
    const calls = mockRunnerLogs(() =>
      ndjson([
        { pod: "web-7f9-a", at: "2026-12-04T10:00:00.000000000Z", line: "listening on 3000" },
        { pod: "web-7f9-b", at: "2026-12-04T10:00:01.000000000Z", line: "GET /healthz 200" },
      ]),
    );
    const res = await request(`/v1/tenants/${tenant.slug}/services/web/logs?tail=50&since=1h30m`, {
      headers: org.headers,
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("[web-7f9-a] listening on 3000\n[web-7f9-b] GET /healthz 200\n");

    const [call] = calls;
    expect(call?.url.origin).toBe(new URL(env.RUNNER_URL).origin);
    expect(call?.url.pathname).toBe("/v1/logs");
    expect(Object.fromEntries(call?.url.searchParams ?? [])).toEqual({
      tail: "50",
      sinceSeconds: "5400",
    });
    const token = call?.authorization?.replace(/^Bearer /, "") ?? "";
    const { payload } = await jwtVerify(token, new TextEncoder().encode(env.JOB_TOKEN_SECRET), {
      issuer: EDGE_ISSUER,
      audience: LOGS_TOKEN_AUDIENCE,
    });
    expect(payload).toMatchObject({
      sub: tenant.id,
      namespace: tenantNamespaceName(tenant.id),
      service: "web",
    });
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBeLessThanOrEqual(60);
  });

  it("gives JSON lines with the pod of each line", async () => {
    const org = await createOrg(["read"]);
    const admin = await createOrg();
    const { tenant } = await createTenant(admin);
    mockRunnerLogs(() => ndjson([{ pod: "web-1", at: "2026-12-04T10:00:00Z", line: "up" }]));
    const foreign = await request(`/v1/tenants/${tenant.id}/services/web/logs`, {
      headers: org.headers,
    });
    expect(foreign.status).toBe(404);
    const res = await request(`/v1/tenants/${tenant.id}/services/web/logs?format=jsonl`, {
      headers: admin.headers,
    });
    expect(await res.text()).toBe(
      `${JSON.stringify({ pod: "web-1", at: "2026-12-04T10:00:00Z", line: "up" })}\n`,
    );
  });

  it("streams with follow=true as Server-Sent Events, and cancels the runner's stream when the client leaves", async () => {
    const org = await createOrg();
    const { tenant } = await createTenant(org);
    let cancelled = false;
    const encoder = new TextEncoder();
    const calls = mockRunnerLogs(
      () =>
        new Response(
          new ReadableStream<Uint8Array>({
            start(controller) {
              controller.enqueue(
                encoder.encode(
                  `data: ${JSON.stringify({ pod: "web-1", at: "2026-12-04T10:00:00Z", line: "tick" })}\n\n`,
                ),
              );
            },
            cancel() {
              cancelled = true;
            },
          }),
          { headers: { "content-type": "text/event-stream" } },
        ),
    );
    const res = await request(`/v1/tenants/${tenant.id}/services/web/logs?follow=true`, {
      headers: org.headers,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/event-stream");
    expect(calls[0]?.url.searchParams.get("follow")).toBe("true");
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const { value } = await reader.read();
    expect(new TextDecoder().decode(value)).toBe(
      `data: ${JSON.stringify({ pod: "web-1", at: "2026-12-04T10:00:00Z", line: "tick" })}\n\n`,
    );
    await reader.cancel();
    await vi.waitFor(() => expect(cancelled).toBe(true));
  });
});
