import type { IDeployment } from "kubernetes-models/apps/v1";
import type { IJob } from "kubernetes-models/batch/v1";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tenantNamespace } from "../../runner/manifests/labels.ts";
import type { DeploymentSpec } from "../../worker/contracts/index.ts";
import { deploymentSpec, service, testId } from "./support/fixtures.ts";
import { Harness } from "./support/harness.ts";

const next = (first: DeploymentSpec, overrides: Partial<DeploymentSpec> = {}): DeploymentSpec => ({
  ...first,
  deployment: { id: testId("dep"), attempt: 1, kind: "provision" },
  tenant: { ...first.tenant, wasReady: true },
  ...overrides,
});

describe("release commands", () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await Harness.start();
  });
  afterAll(() => harness.close());

  const web = (spec: DeploymentSpec) =>
    harness.kube.read<IDeployment>({
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "web", namespace: tenantNamespace(spec) },
    });
  const releaseJobs = (spec: DeploymentSpec) =>
    harness.kube.list<IJob>("batch/v1", "Job", tenantNamespace(spec), {
      labelSelector: `enclave.dev/deployment=${spec.deployment.id}`,
    });

  it("runs the command as a hardened Job on the new image, with the service's env, before the rollout", async () => {
    const first = deploymentSpec({ database: null });
    expect((await harness.run(first)).terminal?.type).toBe("deployment.ready");
    const imageWhileReleasing: (string | undefined)[] = [];
    harness.onEvent = (event) => {
      if (event.stage === "release" && event.type === "stage.started") {
        void web(first).then((d) =>
          imageWhileReleasing.push(d?.spec?.template.spec?.containers[0]?.image),
        );
      }
    };
    const second = next(first, {
      services: [
        service({
          source: { type: "image", image: "ghcr.io/acme/web:2.0.0" },
          releaseCommand: "echo applying migration 0042; echo done",
        }),
      ],
    });
    const { events, terminal } = await harness.run(second);
    harness.onEvent = undefined;
    expect(terminal?.type, terminal?.message).toBe("deployment.ready");

    const order = events
      .filter((e) => e.type === "stage.started" || e.type === "stage.completed")
      .map((e) => `${e.stage}:${e.type}`);
    expect(order.indexOf("release:stage.completed")).toBeLessThan(
      order.indexOf("deploy:stage.started"),
    );
    expect(imageWhileReleasing).toEqual(["ghcr.io/acme/web:1.0.0"]);
    const logged = events.filter((e) => e.stage === "release" && e.data?.log);
    expect(logged.map((e) => e.message).join("\n")).toContain("web | applying migration 0042");
    expect(logged[0]?.data?.log).toEqual({ service: "web", container: "release" });

    const [job] = await releaseJobs(second);
    expect(job?.spec?.backoffLimit).toBe(0);
    expect(job?.spec?.activeDeadlineSeconds).toBe(first.config.timeouts.releaseSeconds);
    const pod = job?.spec?.template.spec;
    expect(pod?.automountServiceAccountToken).toBe(false);
    expect(pod?.securityContext?.runAsNonRoot).toBe(true);
    const container = pod?.containers[0];
    expect(container?.image).toBe("ghcr.io/acme/web:2.0.0");
    expect(container?.command).toEqual(["sh", "-c", "echo applying migration 0042; echo done"]);
    expect(container?.securityContext).toMatchObject({
      allowPrivilegeEscalation: false,
      capabilities: { drop: ["ALL"] },
    });
    expect(container?.resources?.limits).toBeDefined();
    expect(container?.env).toContainEqual({
      name: "API_KEY",
      valueFrom: { secretKeyRef: { name: "web-env", key: "API_KEY" } },
    });
    expect((await web(first))?.spec?.template.spec?.containers[0]?.image).toBe(
      "ghcr.io/acme/web:2.0.0",
    );
  });

  it("pulls a customer's private image with the tenant's registry login", async () => {
    const spec = deploymentSpec({
      database: null,
      credentials: [
        { kind: "registry", name: "ghcr", server: "ghcr.io", username: "bot", password: "p4ss" },
      ],
      services: [
        service({
          source: { type: "image", image: "ghcr.io/acme/private:1.0.0" },
          releaseCommand: "echo migrated",
        }),
      ],
    });
    const { terminal } = await harness.run(spec);
    expect(terminal?.type, terminal?.message).toBe("deployment.ready");
    const [job] = await releaseJobs(spec);
    expect(job?.spec?.template.spec?.imagePullSecrets).toEqual([{ name: "registry-credentials" }]);
  });

  it("passes DATABASE_URL from the env Secret once the database is up", async () => {
    const spec = deploymentSpec({
      services: [service({ releaseCommand: ["echo", "migrated"] })],
    });
    const { terminal } = await harness.run(spec);
    expect(terminal?.type, terminal?.message).toBe("deployment.ready");
    const [job] = await releaseJobs(spec);
    expect(job?.spec?.template.spec?.containers[0]?.env).toContainEqual({
      name: "DATABASE_URL",
      valueFrom: { secretKeyRef: { name: "web-env", key: "DATABASE_URL" } },
    });
  });

  it("fails the deployment with the command's last lines and leaves the Deployment on the previous image", async () => {
    const first = deploymentSpec({ database: null });
    expect((await harness.run(first)).terminal?.type).toBe("deployment.ready");
    const before = await web(first);
    const second = next(first, {
      services: [
        service({
          source: { type: "image", image: "ghcr.io/acme/web:2.0.0" },
          env: { API_KEY: "rotated-value" },
          releaseCommand:
            "echo running migrations; echo 'relation users already exists' >&2; exit 3",
        }),
      ],
    });
    const { events, terminal } = await harness.run(second);
    expect(terminal?.type).toBe("deployment.failed");
    expect(terminal?.data?.stage).toBe("release");
    expect(terminal?.message).toContain("exit code 3");
    expect(terminal?.message).toContain("relation users already exists");
    expect(events.some((e) => e.stage === "deploy")).toBe(false);
    const after = await web(first);
    expect(after?.spec?.template.spec?.containers[0]?.image).toBe("ghcr.io/acme/web:1.0.0");
    expect(after?.metadata?.generation).toBe(before?.metadata?.generation);
    expect(JSON.stringify(events)).not.toContain("rotated-value");
  });

  it("is not run again by a rollback", async () => {
    const first = deploymentSpec({
      database: null,
      services: [service({ releaseCommand: "echo migrate" })],
    });
    const built = await harness.run(first);
    expect(built.terminal?.type).toBe("deployment.ready");
    const rollback = next(first);
    rollback.deployment.rollback = {
      deploymentId: first.deployment.id,
      images: { web: "ghcr.io/acme/web:1.0.0" },
    };
    const { events, terminal } = await harness.run(rollback);
    expect(terminal?.type, terminal?.message).toBe("deployment.ready");
    expect(events.filter((e) => e.stage === "release").map((e) => e.message)).toEqual([
      `skipped: rollback to ${first.deployment.id}`,
    ]);
    expect(await releaseJobs(rollback)).toHaveLength(0);
  });
});
