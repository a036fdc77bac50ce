import { afterEach, describe, expect, it, vi } from "vitest";
import { bearer, captureJobs, createOrg, createTenant, problem, request } from "../harness.ts";
import { progressEvent } from "../support/events.ts";
import { claimSpec, reportEvents } from "../support/runner-api.ts";
import { SseReader } from "../support/sse.ts";
import {
  addCredential,
  credentialsPath,
  expectNoSecret,
  GIT_TOKEN,
  gitCredential,
  registryCredential,
} from "./support.ts";

afterEach(() => {
  vi.restoreAllMocks();
});

describe("tenant credentials: access", () => {
  it("answers 404 to another organization and leaves the credential in place", async () => {
    const owner = await createOrg();
    const stranger = await createOrg();
    const { tenant } = await createTenant(owner);
    const added = (await (await addCredential(owner, tenant.id, gitCredential())).json()) as {
      credential: { id: string };
    };
    const calls = [
      request(credentialsPath(tenant.id), { headers: stranger.headers }),
      addCredential(stranger, tenant.id, registryCredential()),
      request(credentialsPath(tenant.id, added.credential.id), {
        method: "DELETE",
        headers: stranger.headers,
      }),
    ];
    for (const res of await Promise.all(calls)) {
      expect(res.status).toBe(404);
      expectNoSecret(await res.text());
    }
    const listed = (await (
      await request(credentialsPath(tenant.id), { headers: owner.headers })
    ).json()) as { credentials: unknown[] };
    expect(listed.credentials).toHaveLength(1);
  });

  it("lets a read key list but not add or remove (403)", async () => {
    const org = await createOrg();
    const { tenant } = await createTenant(org);
    const keyRes = await request("/v1/api-keys", {
      method: "POST",
      headers: org.headers,
      json: { name: "reader", scopes: ["read"] },
    });
    const read = bearer(((await keyRes.json()) as { key: string }).key);
    expect((await request(credentialsPath(tenant.id), { headers: read })).status).toBe(200);
    const add = await addCredential({ headers: read }, tenant.id, gitCredential());
    expect((await problem(add)).code).toBe("forbidden");
    const remove = await request(credentialsPath(tenant.id, "crd_00000000000000000000"), {
      method: "DELETE",
      headers: read,
    });
    expect(remove.status).toBe(403);
  });

  it("never shows a secret in a response, a queue message, a log line, an audit row or a progress event", async () => {
    const logged: string[] = [];
    for (const method of ["log", "info", "warn", "error", "debug"] as const) {
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        logged.push(
          args.map((arg) => (typeof arg === "string" ? arg : JSON.stringify(arg))).join(" "),
        );
      });
    }
    const jobs = captureJobs();
    const org = await createOrg();
    const { tenant } = await createTenant(org);
    const responses: Response[] = [];
    const call = async (res: Promise<Response>) => {
      const answered = await res;
      responses.push(answered.clone());
      return answered;
    };
    await call(addCredential(org, tenant.id, gitCredential()));
    await call(addCredential(org, tenant.id, registryCredential()));
    await call(addCredential(org, tenant.id, gitCredential()));
    await call(request(credentialsPath(tenant.id), { headers: org.headers }));
    await call(request(`/v1/tenants/${tenant.id}`, { headers: org.headers }));
    const redeploy = await call(
      request(`/v1/tenants/${tenant.id}/deployments`, { method: "POST", headers: org.headers }),
    );
    const deploymentId =
      redeploy.status === 202
        ? ((await redeploy.json()) as { deployment: { id: string } }).deployment.id
        : await call(request(`/v1/tenants/${tenant.id}`, { headers: org.headers })).then(
            async (res) =>
              ((await res.json()) as { lastDeployment: { id: string } }).lastDeployment.id,
          );
    // The spec is the one place the secret goes: the runner needs it.
    expect(await (await claimSpec(deploymentId)).text()).toContain(GIT_TOKEN);
    await reportEvents(deploymentId, [
      progressEvent(deploymentId, { seq: 0, stage: "detect", type: "stage.started" }),
      progressEvent(deploymentId, { seq: 1, stage: null, type: "deployment.ready", data: {} }),
    ]);
    await call(request(`/v1/deployments/${deploymentId}`, { headers: org.headers }));
    await call(request(`/v1/tenants/${tenant.id}/deployments`, { headers: org.headers }));
    await call(request("/v1/audit?limit=50", { headers: org.headers }));
    const stream = await request(`/v1/deployments/${deploymentId}/events`, {
      headers: org.headers,
    });
    const sse = new SseReader(stream.body as ReadableStream<Uint8Array>);
    const frames = (await sse.next(2)) ?? [];
    await sse.cancel();

    expect(frames).toHaveLength(2);
    expectNoSecret(JSON.stringify(frames));
    for (const res of responses) expectNoSecret(await res.text());
    expect(jobs.length).toBeGreaterThan(0);
    expectNoSecret(JSON.stringify(jobs));
    // The edge logs little on success; whatever it logged must not hold a secret either.
    expectNoSecret(logged.join("\n"));
  });
});
