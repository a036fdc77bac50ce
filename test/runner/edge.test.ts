import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EdgeClient } from "../../runner/edge/client.ts";
import { ProgressReporter } from "../../runner/edge/reporter.ts";
import { silentLogger } from "../../runner/log/logger.ts";
import { FakeEdge } from "./support/fake-edge.ts";
import { deploymentSpec, testId } from "./support/fixtures.ts";

const SECRET = "runner-token-secret-for-tests-0123456789";

describe("edge client", () => {
  const edge = new FakeEdge(SECRET);
  let client: EdgeClient;
  beforeAll(async () => {
    await edge.start();
    client = new EdgeClient({ edgeUrl: edge.url, tokenSecret: SECRET, runnerId: "runner-test" });
  });
  afterAll(async () => {
    await client.close();
    await edge.close();
  });

  it("fetches and parses a deployment spec with a runner token", async () => {
    const spec = deploymentSpec();
    edge.specs.set(spec.deployment.id, spec);
    expect(await client.fetchSpec(spec.deployment.id, 1)).toEqual(spec);
  });

  it("says a missing spec is not worth retrying", async () => {
    await expect(client.fetchSpec("dep_00000000000000000000", 1)).rejects.toMatchObject({
      status: 404,
      retryable: false,
    });
  });

  it("is refused by the edge with a wrong secret", async () => {
    const wrong = new EdgeClient({ edgeUrl: edge.url, tokenSecret: "x".repeat(40), runnerId: "r" });
    await expect(wrong.fetchSpec("dep_00000000000000000000", 1)).rejects.toMatchObject({
      status: 401,
    });
    await wrong.close();
  });

  /** Claims the attempt the way a job does before it reports, and reports from where its seq starts. */
  const claimedReporter = async (attempt: number, maxBuffered: number) => {
    const created = deploymentSpec({
      deployment: { id: testId("dep"), attempt, kind: "provision" },
    });
    edge.specs.set(created.deployment.id, created);
    const spec = await client.fetchSpec(created.deployment.id, attempt);
    const reporter = new ProgressReporter({
      deploymentId: spec.deployment.id,
      attempt,
      firstSeq: spec.progress.nextSeq,
      post: (id, batch) => client.postEvents(id, batch),
      logger: silentLogger,
      backoff: { baseMs: 1, maxMs: 5 },
      maxBuffered,
    });
    return { spec, reporter };
  };

  it("delivers events in order with per-attempt sequence numbers, retrying failures", async () => {
    const { spec, reporter } = await claimedReporter(2, 1000);
    edge.failNextPosts = 3;
    for (let i = 0; i < 250; i++) {
      reporter.emit({ stage: "build", type: "stage.log", message: `line ${i}` });
    }
    reporter.emit({ stage: null, type: "deployment.ready", message: "ready" });
    expect(await reporter.close(5_000)).toBe(0);
    const events = edge.eventsOf(spec.deployment.id, 2);
    expect(events.map((e) => e.seq)).toEqual([...Array(251).keys()]);
    expect(events.at(-1)?.type).toBe("deployment.ready");
  });

  it("never lets a secret into an event", async () => {
    const { spec, reporter } = await claimedReporter(1, 10);
    reporter.redact(["hunter2-password"]);
    reporter.emit({
      stage: "deploy",
      type: "stage.log",
      message: "connecting with hunter2-password",
    });
    await reporter.close(5_000);
    expect(edge.eventsOf(spec.deployment.id)[0]?.message).toBe("connecting with [redacted]");
  });

  it("presents tokens scoped to the deployment and attempt it calls about", async () => {
    const { spec, reporter } = await claimedReporter(3, 10);
    reporter.emit({ stage: "namespace", type: "stage.started", message: "x" });
    await reporter.close(5_000);
    const scope = `${spec.deployment.id}#3`;
    expect(edge.tokenScopes.filter((s) => s.startsWith(spec.deployment.id))).toEqual([
      scope,
      scope,
    ]);
    expect(edge.eventsOf(spec.deployment.id, 3)).toHaveLength(1);
  });

  it("stops reporting, and says the claim is lost, once its attempt's token is refused", async () => {
    const { spec } = await claimedReporter(1, 10);
    edge.specs.set(spec.deployment.id, {
      ...spec,
      deployment: { ...spec.deployment, attempt: 2 },
    });
    let lost = false;
    const reporter = new ProgressReporter({
      deploymentId: spec.deployment.id,
      attempt: 1,
      firstSeq: 0,
      post: (id, batch) => client.postEvents(id, batch),
      logger: silentLogger,
      backoff: { baseMs: 1, maxMs: 5 },
      maxBuffered: 10,
      onClaimLost: () => {
        lost = true;
      },
    });
    reporter.emit({ stage: "namespace", type: "stage.started", message: "x" });
    expect(await reporter.close(5_000)).toBe(0);
    expect(lost).toBe(true);
    expect(edge.eventsOf(spec.deployment.id)).toEqual([]);
  });

  it("does not block or fail when the edge is unreachable", async () => {
    const reporter = new ProgressReporter({
      deploymentId: "dep_00000000000000000000",
      attempt: 1,
      firstSeq: 0,
      post: () => Promise.reject(new Error("connection refused")),
      logger: silentLogger,
      backoff: { baseMs: 1, maxMs: 2 },
      maxBuffered: 10,
    });
    reporter.emit({ stage: "namespace", type: "stage.started", message: "x" });
    expect(await reporter.close(20)).toBe(1);
  });
});
