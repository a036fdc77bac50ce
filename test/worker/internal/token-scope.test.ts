import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { DeploymentSpec } from "../../../worker/contracts/index.ts";
import { progressStub } from "../../../worker/progress/deployment-ref.ts";
import { problem, workerEnv } from "../harness.ts";
import { progressEvent } from "../support/events.ts";
import { claimSpec, postEvents } from "../support/runner-api.ts";
import { seedDeployment } from "../support/seed.ts";

const loggedSeqs = (deploymentId: string) =>
  runInDurableObject(progressStub(workerEnv, deploymentId), (_, state) =>
    state.storage.sql
      .exec<{ seq: number }>("SELECT seq FROM events WHERE origin = 'runner' ORDER BY id")
      .toArray()
      .map((row) => row.seq),
  );

/** A refusal as problem+json, with its code and detail. */
async function refused(res: Response, status: number) {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toContain("application/problem+json");
  return problem(res);
}

/** Moves a seeded deployment on to attempt 2, as the watchdog does. */
async function redispatch(seeded: Awaited<ReturnType<typeof seedDeployment>>) {
  await env.DB.prepare("UPDATE deployments SET attempt = 2 WHERE id = ?")
    .bind(seeded.deploymentId)
    .run();
  await progressStub(workerEnv, seeded.deploymentId).dispatched({ ...seeded.ref, attempt: 2 });
}

describe("runner tokens scoped to one deployment and attempt", () => {
  it("read the spec of, and report on, the deployment and attempt they name", async () => {
    const { deploymentId } = await seedDeployment();
    const res = await claimSpec(deploymentId, 1);
    expect(res.status).toBe(200);
    expect(((await res.json()) as DeploymentSpec).deployment.id).toBe(deploymentId);
    const events = await postEvents(deploymentId, [progressEvent(deploymentId)]);
    expect(events.status).toBe(202);
  });

  it("are refused, and read nothing, for another deployment", async () => {
    const mine = await seedDeployment();
    const other = await seedDeployment();
    const token = { deployment: mine.deploymentId };
    const spec = await refused(await claimSpec(other.deploymentId, 1, undefined, token), 403);
    expect(spec).toMatchObject({
      code: "forbidden",
      detail: "The runner token is for another deployment",
    });
    expect(JSON.stringify(spec)).not.toContain("s3cr3t-value");
    const events = await postEvents(
      other.deploymentId,
      [progressEvent(other.deploymentId)],
      undefined,
      token,
    );
    expect((await refused(events, 403)).code).toBe("forbidden");
    expect(await loggedSeqs(other.deploymentId)).toEqual([]);
  });

  it("are refused once the deployment has moved on to a later attempt", async () => {
    const seeded = await seedDeployment();
    expect((await claimSpec(seeded.deploymentId, 1)).status).toBe(200);
    await redispatch(seeded);
    const spec = await refused(await claimSpec(seeded.deploymentId, 1), 403);
    expect(spec.detail).toBe(
      "The runner token is for attempt 1; the deployment's current attempt is 2",
    );
    expect((await claimSpec(seeded.deploymentId, 2)).status).toBe(200);
  });

  it("speak for their own attempt only", async () => {
    const seeded = await seedDeployment();
    await redispatch(seeded);
    const asked = await claimSpec(seeded.deploymentId, 2, undefined, { attempt: 3 });
    expect((await refused(asked, 403)).detail).toBe(
      "The runner token is for attempt 3; every attempt must be 3",
    );
    expect((await claimSpec(seeded.deploymentId, 2)).status).toBe(200);
    const mixed = await postEvents(
      seeded.deploymentId,
      [progressEvent(seeded.deploymentId, { attempt: 1 })],
      undefined,
      { attempt: 2 },
    );
    expect((await refused(mixed, 403)).detail).toBe(
      "The runner token is for attempt 2; every events.attempt must be 2",
    );
  });

  it("answer 404 for a deployment that does not exist, as before", async () => {
    const id = "dep_00000000000000000000";
    expect((await refused(await claimSpec(id), 404)).code).toBe("not_found");
  });
});
