import { describe, expect, it } from "vitest";
import { createOrg, createTenant, request } from "../harness.ts";
import { redeploy, settledTenant } from "../redeploy/support.ts";
import { progressEvent } from "../support/events.ts";
import { claimSpec, postEvents, reportEvents } from "../support/runner-api.ts";
import { readDeployment, readTenant } from "../support/seed.ts";
import type { AuditEntry, Deployment, Page, TenantOperation } from "../types.ts";
import { cancel } from "./support.ts";

const started = (deploymentId: string) =>
  progressEvent(deploymentId, { seq: 0, stage: "namespace", type: "stage.started" });

/** What the runner reports once it has stopped: the cancellation, after its cleanup. */
const runnerCancelled = (deploymentId: string) =>
  progressEvent(deploymentId, {
    seq: 2,
    stage: null,
    type: "deployment.cancelled",
    message: "The deployment was cancelled",
  });

describe("POST /v1/deployments/:id/cancel", () => {
  it("cancels a queued first provision at once: no runner may start it, the tenant fails", async () => {
    const org = await createOrg();
    const created = await createTenant(org);
    const res = await cancel(org, created.deployment.id);
    expect(res.status).toBe(202);
    expect((await res.json()) as Deployment).toMatchObject({
      id: created.deployment.id,
      status: "cancelled",
      statusReason: "The deployment was cancelled",
    });
    expect(await readTenant(created.tenant.id)).toMatchObject({
      status: "failed",
      status_reason: "The deployment was cancelled",
    });
    const claim = await claimSpec(created.deployment.id);
    expect(claim.status).toBe(409);
    const audit = (await (
      await request("/v1/audit", { headers: org.headers })
    ).json()) as Page<AuditEntry>;
    expect(audit.data[0]).toMatchObject({
      action: "deployment.cancel",
      targetId: created.deployment.id,
      metadata: { outcome: "cancelled" },
    });
  });

  it("tells the runner of a running deployment to stop, then records its cancellation", async () => {
    const org = await createOrg();
    const created = await createTenant(org);
    const id = created.deployment.id;
    await reportEvents(id, [started(id)]);
    const res = await cancel(org, id);
    expect(res.status).toBe(202);
    expect(((await res.json()) as Deployment).status).toBe("running");

    const answer = await postEvents(id, [
      progressEvent(id, { seq: 1, stage: "namespace", type: "stage.completed" }),
    ]);
    expect(answer.status).toBe(202);
    expect(await answer.json()).toMatchObject({ accepted: 1, cancelled: true });

    expect((await postEvents(id, [runnerCancelled(id)])).status).toBe(202);
    expect(await readDeployment(id)).toMatchObject({ status: "cancelled" });
    expect(await readTenant(created.tenant.id)).toMatchObject({
      status: "failed",
      status_reason: "The deployment was cancelled",
    });
  });

  it("leaves a ready tenant active and serving its previous deployment", async () => {
    const org = await createOrg();
    const tenant = await settledTenant(org);
    const serving = (await readTenant(tenant.id)).serving_deployment_id;
    const op = (await (await redeploy(org, tenant.id)).json()) as TenantOperation;
    const id = op.deployment.id;
    await reportEvents(id, [started(id)]);
    expect((await cancel(org, id)).status).toBe(202);
    await reportEvents(id, [runnerCancelled(id)]);
    expect(await readDeployment(id)).toMatchObject({ status: "cancelled" });
    expect(await readTenant(tenant.id)).toMatchObject({
      status: "active",
      serving_deployment_id: serving,
      last_deployment_id: id,
    });
  });

  it("answers the runner's event batches without a cancellation otherwise", async () => {
    const org = await createOrg();
    const created = await createTenant(org);
    const id = created.deployment.id;
    expect((await claimSpec(id)).status).toBe(200);
    const answer = await postEvents(id, [started(id)]);
    expect(await answer.json()).toMatchObject({ accepted: 1, cancelled: false });
  });
});
