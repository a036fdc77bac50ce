import { evictDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createOrg, problem, request, type TestOrg } from "../harness.ts";
import { progressEvent, steps } from "../support/events.ts";
import { reportEvents } from "../support/runner-api.ts";
import { seedDeployment } from "../support/seed.ts";
import { WsClient } from "../support/ws.ts";

const issueTicket = async (org: TestOrg, deploymentId: string) => {
  const res = await request(`/v1/deployments/${deploymentId}/ticket`, {
    method: "POST",
    headers: org.headers,
  });
  expect(res.status).toBe(201);
  return (await res.json()) as { ticket: string; expiresAt: string; url: string };
};

const connect = (path: string) => request(path, { headers: { upgrade: "websocket" } });

describe("GET /v1/deployments/:id/ws", () => {
  it("authenticates with a ticket, replays from `since`, then streams live", async () => {
    const org = await createOrg(["read"]);
    const { deploymentId } = await seedDeployment({ organizationId: org.orgId });
    await reportEvents(deploymentId, steps(deploymentId, 0, 3));

    const { url, expiresAt } = await issueTicket(org, deploymentId);
    expect(Date.parse(expiresAt) - Date.now()).toBeLessThanOrEqual(60_000);
    const res = await connect(`${url}&since=1`);
    expect(res.status).toBe(101);
    const client = new WsClient(res);
    await client.until((c) => c.events.length >= 2);
    expect(client.ids()).toEqual([2, 3]);

    await reportEvents(deploymentId, steps(deploymentId, 3, 5));
    await client.until((c) => c.events.length >= 4);
    expect(client.ids()).toEqual([2, 3, 4, 5]);
    client.socket.close(1000, "done");
  });

  it("keeps streaming without gaps or duplicates across hibernation", async () => {
    const org = await createOrg(["read"]);
    const { deploymentId } = await seedDeployment({ organizationId: org.orgId });
    await reportEvents(deploymentId, steps(deploymentId, 0, 2));
    const client = new WsClient(await connect((await issueTicket(org, deploymentId)).url));
    await client.until((c) => c.events.length >= 2);

    await evictDurableObject(env.PROGRESS.get(env.PROGRESS.idFromName(deploymentId)));
    await reportEvents(deploymentId, steps(deploymentId, 2, 4));
    await client.until((c) => c.events.length >= 4);
    expect(client.ids()).toEqual([1, 2, 3, 4]);
    client.socket.close(1000, "done");
  });

  it("closes with the final status after the terminal event", async () => {
    const org = await createOrg(["read"]);
    const { deploymentId } = await seedDeployment({ organizationId: org.orgId });
    const client = new WsClient(await connect((await issueTicket(org, deploymentId)).url));
    await reportEvents(deploymentId, [
      progressEvent(deploymentId, { seq: 0 }),
      progressEvent(deploymentId, { seq: 1, type: "deployment.failed", message: "boom" }),
    ]);
    const closed = await client.untilClosed();
    expect(client.ids()).toEqual([1, 2]);
    expect(closed.code).toBe(1000);
    expect(JSON.parse(closed.reason)).toEqual({ status: "failed", eventId: 2 });
  });

  it("replays a finished deployment and closes", async () => {
    const org = await createOrg(["read"]);
    const { deploymentId } = await seedDeployment({ organizationId: org.orgId });
    await reportEvents(deploymentId, [
      progressEvent(deploymentId, { seq: 0 }),
      progressEvent(deploymentId, { seq: 1, stage: null, type: "deployment.ready" }),
    ]);
    const client = new WsClient(await connect((await issueTicket(org, deploymentId)).url));
    const closed = await client.untilClosed();
    expect(client.ids()).toEqual([1, 2]);
    expect(JSON.parse(closed.reason)).toEqual({ status: "ready", eventId: 2 });
  });

  it("answers ping with pong", async () => {
    const org = await createOrg(["read"]);
    const { deploymentId } = await seedDeployment({ organizationId: org.orgId });
    const client = new WsClient(await connect((await issueTicket(org, deploymentId)).url));
    client.socket.send("ping");
    await client.until((c) => c.texts.includes("pong"));
    client.socket.close(1000, "done");
  });

  it("accepts a ticket once", async () => {
    const org = await createOrg(["read"]);
    const { deploymentId } = await seedDeployment({ organizationId: org.orgId });
    const { url } = await issueTicket(org, deploymentId);
    const first = await connect(url);
    expect(first.status).toBe(101);
    new WsClient(first).socket.close(1000, "done");
    const second = await connect(url);
    expect(second.status).toBe(401);
    expect((await problem(second)).code).toBe("unauthenticated");
  });

  it("refuses a missing or forged ticket and a ticket of another deployment", async () => {
    const org = await createOrg(["read"]);
    const { deploymentId } = await seedDeployment({ organizationId: org.orgId });
    const other = await seedDeployment({ organizationId: org.orgId });
    const { ticket } = await issueTicket(org, other.deploymentId);
    for (const query of ["", "?ticket=wst_forged", `?ticket=${ticket}`]) {
      const res = await connect(`/v1/deployments/${deploymentId}/ws${query}`);
      expect(res.status, query).toBe(401);
    }
  });

  it("answers 404 for an unknown deployment", async () => {
    const res = await connect("/v1/deployments/dep_00000000000000000000/ws?ticket=wst_x");
    expect(res.status).toBe(404);
  });
});
