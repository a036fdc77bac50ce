import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { WebhookMessage } from "../../../worker/contracts/index.ts";
import { createOrg, createTenant } from "../harness.ts";
import { progressEvent } from "../support/events.ts";
import { reportEvents } from "../support/runner-api.ts";
import { seedDeployment } from "../support/seed.ts";
import { captureWebhookMessages } from "./support.ts";

afterEach(() => {
  vi.restoreAllMocks();
});

const events = (sent: WebhookMessage[]) =>
  sent.flatMap((message) =>
    message.type === "fan-out"
      ? [
          {
            type: message.event.type,
            organizationId: message.organizationId,
            data: message.event.data,
          },
        ]
      : [],
  );

describe("lifecycle events from the progress write-back", () => {
  it("emits deployment.started, then deployment.succeeded and tenant.ready", async () => {
    const seeded = await seedDeployment();
    const id = seeded.deploymentId;
    const sent = captureWebhookMessages();
    await reportEvents(id, [progressEvent(id, { seq: 0, stage: "build", type: "stage.started" })]);
    await reportEvents(id, [
      progressEvent(id, { seq: 1, stage: null, type: "deployment.ready", message: "ready" }),
    ]);
    const emitted = events(sent);
    expect(emitted.map((event) => event.type)).toEqual([
      "deployment.started",
      "deployment.succeeded",
      "tenant.ready",
    ]);
    for (const event of emitted) expect(event.organizationId).toBe(seeded.organizationId);
    expect(emitted[1]?.data).toMatchObject({ deployment: { id, status: "ready" } });
    expect(emitted[2]?.data).toMatchObject({
      tenant: { id: seeded.tenantId, status: "active" },
    });
    expect(JSON.stringify(sent)).not.toContain("s3cr3t-value");
  });

  it("emits deployment.failed and tenant.failed for a tenant that never became ready", async () => {
    const seeded = await seedDeployment();
    const id = seeded.deploymentId;
    await reportEvents(id, [progressEvent(id, { seq: 0, stage: "build", type: "stage.started" })]);
    const sent = captureWebhookMessages();
    await reportEvents(id, [
      progressEvent(id, {
        seq: 1,
        stage: null,
        type: "deployment.failed",
        message: "Build failed",
      }),
    ]);
    const emitted = events(sent);
    expect(emitted.map((event) => event.type)).toEqual(["deployment.failed", "tenant.failed"]);
    expect(emitted[1]?.data).toMatchObject({
      tenant: { status: "failed", statusReason: "Build failed" },
    });
  });

  it("emits only deployment.failed when a ready tenant's redeploy fails", async () => {
    const seeded = await seedDeployment({
      tenantStatus: "active",
      readyAt: new Date().toISOString(),
    });
    const id = seeded.deploymentId;
    await reportEvents(id, [progressEvent(id, { seq: 0, stage: "build", type: "stage.started" })]);
    const sent = captureWebhookMessages();
    await reportEvents(id, [
      progressEvent(id, {
        seq: 1,
        stage: null,
        type: "deployment.failed",
        message: "Build failed",
      }),
    ]);
    expect(events(sent).map((event) => event.type)).toEqual(["deployment.failed"]);
  });

  it("emits tenant.deleted when the deprovisioning finishes", async () => {
    const seeded = await seedDeployment({ kind: "deprovision" });
    const id = seeded.deploymentId;
    await reportEvents(id, [
      progressEvent(id, { seq: 0, stage: "namespace", type: "stage.started" }),
    ]);
    const sent = captureWebhookMessages();
    await reportEvents(id, [
      progressEvent(id, { seq: 1, stage: null, type: "deployment.deleted", message: "gone" }),
    ]);
    expect(events(sent).map((event) => event.type)).toEqual(["tenant.deleted"]);
  });

  it("still creates the tenant when its event cannot be queued", async () => {
    const org = await createOrg();
    vi.spyOn(env.WEBHOOKS, "sendBatch").mockRejectedValue(new Error("queue unavailable"));
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const { tenant } = await createTenant(org);
    expect(tenant.status).toBe("provisioning");
    expect(errors.mock.calls.flat().join("\n")).toContain("webhook events could not be queued");
  });
});
