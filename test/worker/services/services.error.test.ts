import { describe, expect, it } from "vitest";
import { createOrg, createTenant, problem } from "../harness.ts";
import { finishDeployment } from "../redeploy/support.ts";
import { imageService, serviceCall, servicesPath } from "./support.ts";

async function readyTenant(org: Awaited<ReturnType<typeof createOrg>>, overrides = {}) {
  const created = await createTenant(org, { database: null, ...overrides });
  await finishDeployment(created.deployment.id, "ready");
  return created.tenant;
}

describe("service changes that are refused", () => {
  it("validates each kind's fields: a web port, a cron schedule of five valid fields", async () => {
    const org = await createOrg();
    const tenant = await readyTenant(org);
    const cases: [Record<string, unknown>, string][] = [
      [{ name: "a", source: { type: "image", image: "x:1" } }, "port"],
      [{ ...imageService("b"), kind: "worker" }, "port"],
      [{ name: "c", kind: "cron", source: { type: "image", image: "x:1" } }, "schedule"],
      [
        { name: "d", kind: "cron", source: { type: "image", image: "x:1" }, schedule: "* * *" },
        "schedule",
      ],
      [
        {
          name: "e",
          kind: "cron",
          source: { type: "image", image: "x:1" },
          schedule: "61 * * * *",
        },
        "schedule",
      ],
      [
        {
          name: "f",
          kind: "worker",
          source: { type: "image", image: "x:1" },
          public: true,
        },
        "public",
      ],
      [{ ...imageService("g"), concurrencyPolicy: "Forbid" }, "concurrencyPolicy"],
    ];
    for (const [body, path] of cases) {
      const res = await serviceCall(org, "POST", servicesPath(tenant.id), body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      const body400 = await problem(res);
      expect(
        body400.errors?.map((e) => e.path),
        JSON.stringify(body),
      ).toContain(path);
    }
  });

  it("answers 422 plan_limit_exceeded for replicas past the plan or services past its pods", async () => {
    const org = await createOrg();
    const tenant = await readyTenant(org);
    const scaled = await serviceCall(org, "POST", servicesPath(tenant.id, "web", "scale"), {
      replicas: 2,
    });
    expect(scaled.status).toBe(422);
    const body = await problem(scaled);
    expect(body.code).toBe("plan_limit_exceeded");
    expect(body.errors?.[0]?.path).toBe("replicas");
    const negative = await serviceCall(org, "POST", servicesPath(tenant.id, "web", "scale"), {
      replicas: -1,
    });
    expect(negative.status).toBe(400);

    // The starter plan's 10 Services hold the first service and nine more.
    let last = 0;
    for (let index = 0; index < 10; index++) {
      const res = await serviceCall(
        org,
        "POST",
        servicesPath(tenant.id),
        imageService(`extra-${index}`),
      );
      last = res.status;
      if (res.status !== 202) {
        expect((await problem(res)).code).toBe("plan_limit_exceeded");
        break;
      }
      await finishDeployment(
        ((await res.json()) as { deployment: { id: string } }).deployment.id,
        "ready",
      );
    }
    expect(last).toBe(422);
  });

  it("refuses a duplicate name, removing the only service, and a change while a deployment runs", async () => {
    const org = await createOrg();
    const tenant = await readyTenant(org);
    const duplicate = await serviceCall(org, "POST", servicesPath(tenant.id), imageService("web"));
    expect(duplicate.status).toBe(409);
    const only = await serviceCall(org, "DELETE", servicesPath(tenant.id, "web"));
    expect(only.status).toBe(409);
    expect((await problem(only)).detail).toContain("only service");
    const added = await serviceCall(org, "POST", servicesPath(tenant.id), imageService("api"));
    expect(added.status).toBe(202);
    const busy = await serviceCall(org, "POST", servicesPath(tenant.id, "web", "restart"));
    expect(busy.status).toBe(409);
    expect((await problem(busy)).code).toBe("invalid_state");
    const missing = await serviceCall(org, "POST", servicesPath(tenant.id, "nope", "restart"));
    expect(missing.status).toBe(404);
  });
});
