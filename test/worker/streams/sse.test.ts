import { describe, expect, it } from "vitest";
import { createOrg, request } from "../harness.ts";
import { progressEvent, steps } from "../support/events.ts";
import { reportEvents } from "../support/runner-api.ts";
import { seedDeployment } from "../support/seed.ts";
import { eventOf, SseReader } from "../support/sse.ts";

describe("GET /v1/deployments/:id/events (SSE)", () => {
  it("replays the log with ids, then streams live events on the same connection", async () => {
    const org = await createOrg(["read"]);
    const { deploymentId } = await seedDeployment({ organizationId: org.orgId });
    await reportEvents(deploymentId, steps(deploymentId, 0, 3));

    const res = await request(`/v1/deployments/${deploymentId}/events`, { headers: org.headers });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    const sse = new SseReader(res.body as ReadableStream<Uint8Array>);
    const replay = (await sse.next(3)) ?? [];
    expect(replay.map((frame) => frame.id)).toEqual(["1", "2", "3"]);
    expect(eventOf(replay[2] ?? {}).message).toBe("step 2");

    await reportEvents(deploymentId, steps(deploymentId, 3, 5));
    const live = (await sse.next(2)) ?? [];
    expect(live.map((frame) => frame.id)).toEqual(["4", "5"]);
    await sse.cancel();
  });

  it("resumes after Last-Event-ID (or ?since=) without gaps or duplicates", async () => {
    const org = await createOrg(["read"]);
    const { deploymentId } = await seedDeployment({ organizationId: org.orgId });
    await reportEvents(deploymentId, steps(deploymentId, 0, 5));

    const byHeader = await request(`/v1/deployments/${deploymentId}/events`, {
      headers: { ...org.headers, "last-event-id": "3" },
    });
    const fromHeader = new SseReader(byHeader.body as ReadableStream<Uint8Array>);
    expect((await fromHeader.next(2))?.map((frame) => frame.id)).toEqual(["4", "5"]);
    await reportEvents(deploymentId, steps(deploymentId, 5, 6));
    expect((await fromHeader.next())?.map((frame) => frame.id)).toEqual(["6"]);
    await fromHeader.cancel();

    const byQuery = await request(`/v1/deployments/${deploymentId}/events?since=5`, {
      headers: org.headers,
    });
    const fromQuery = new SseReader(byQuery.body as ReadableStream<Uint8Array>);
    expect((await fromQuery.next())?.map((frame) => frame.id)).toEqual(["6"]);
    await fromQuery.cancel();
  });

  it("ends with an `end` event after the terminal event and closes the stream", async () => {
    const org = await createOrg(["read"]);
    const { deploymentId } = await seedDeployment({ organizationId: org.orgId });
    await reportEvents(deploymentId, steps(deploymentId, 0, 1));
    const res = await request(`/v1/deployments/${deploymentId}/events`, { headers: org.headers });
    const sse = new SseReader(res.body as ReadableStream<Uint8Array>);
    await sse.next();

    await reportEvents(deploymentId, [
      progressEvent(deploymentId, { seq: 1, stage: null, type: "deployment.ready", message: "up" }),
    ]);
    const [terminal, end] = (await sse.next(2)) ?? [];
    expect(eventOf(terminal ?? {}).type).toBe("deployment.ready");
    expect(end?.event).toBe("end");
    expect(JSON.parse(end?.data ?? "{}")).toEqual({ status: "ready", eventId: 2 });
    expect(await sse.ended()).toBe(true);

    const later = await request(`/v1/deployments/${deploymentId}/events?since=2`, {
      headers: org.headers,
    });
    const replayOnly = new SseReader(later.body as ReadableStream<Uint8Array>);
    expect((await replayOnly.next())?.[0]?.event).toBe("end");
    expect(await replayOnly.ended()).toBe(true);
  });
});
