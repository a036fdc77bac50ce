import type { IDeployment } from "kubernetes-models/apps/v1";
import type { ISecret } from "kubernetes-models/v1";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tenantNamespace } from "../../runner/manifests/labels.ts";
import type { DeploymentSpec } from "../../worker/contracts/index.ts";
import { deploymentSpec, service, testId } from "./support/fixtures.ts";
import { Harness } from "./support/harness.ts";

const gitSource = (path: string) => ({
  type: "git" as const,
  url: "https://github.com/acme/app.git",
  ref: "main",
  path,
});

describe("an env change's rollout", () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await Harness.start();
  });
  afterAll(() => harness.close());

  const readDeployment = async (spec: DeploymentSpec, name: string) => {
    const found = await harness.kube.read<IDeployment>({
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name, namespace: tenantNamespace(spec) },
    });
    if (!found) throw new Error(`no Deployment ${name}`);
    return found;
  };
  const readSecret = async (spec: DeploymentSpec, name: string) => {
    const found = await harness.kube.read<ISecret>({
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name, namespace: tenantNamespace(spec) },
    });
    if (!found) throw new Error(`no Secret ${name}`);
    return found;
  };

  const versions = async (spec: DeploymentSpec, name: string) => {
    const deployment = await readDeployment(spec, name);
    return {
      resourceVersion: deployment.metadata?.resourceVersion,
      generation: deployment.metadata?.generation,
    };
  };

  it("rolls only the changed service, on its serving image, and touches nothing else", async () => {
    const first = deploymentSpec({
      services: [
        service({ name: "web", source: gitSource("web"), env: { LOG_LEVEL: "info" } }),
        service({ name: "worker", source: gitSource("worker"), port: 8080, env: {} }),
      ],
    });
    const ready = await harness.run(first);
    expect(ready.terminal?.type, ready.terminal?.message).toBe("deployment.ready");
    const images = ready.terminal?.data?.images as Record<string, string>;
    const before = {
      web: await versions(first, "web"),
      worker: await versions(first, "worker"),
      workerSecret: (await readSecret(first, "worker-env")).metadata?.resourceVersion,
    };
    const buildsBefore = await harness.kube.list("batch/v1", "Job", undefined);

    const change: DeploymentSpec = {
      ...first,
      deployment: { id: testId("dep"), attempt: 1, kind: "provision" },
      tenant: { ...first.tenant, wasReady: true },
      services: first.services.map((s) =>
        s.name === "web" ? { ...s, env: { LOG_LEVEL: "debug", FEATURE: "on" } } : s,
      ),
      rollout: { services: ["web"], images },
    };
    const { events, terminal } = await harness.run(change);
    expect(terminal?.type, terminal?.message).toBe("deployment.ready");
    expect(terminal?.data?.images).toEqual(images);

    const stages = [...new Set(events.flatMap((e) => (e.stage ? [e.stage] : [])))];
    expect(stages).toEqual(["deploy", "health"]);
    expect(await harness.kube.list("batch/v1", "Job", undefined)).toHaveLength(buildsBefore.length);

    expect(await versions(first, "worker")).toEqual(before.worker);
    expect((await readSecret(first, "worker-env")).metadata?.resourceVersion).toBe(
      before.workerSecret,
    );
    const web = await readDeployment(first, "web");
    expect(web.metadata?.generation).toBeGreaterThan(before.web.generation ?? 0);
    expect(web.spec?.template.spec?.containers[0]?.image).toBe(images.web);
    const webSecret = await readSecret(first, "web-env");
    expect(Buffer.from(webSecret.data?.LOG_LEVEL ?? "", "base64").toString()).toBe("debug");
  });

  it("rolls nothing when no service's effective env changed", async () => {
    const first = deploymentSpec({ database: null });
    const ready = await harness.run(first);
    expect(ready.terminal?.type).toBe("deployment.ready");
    const before = await versions(first, "web");
    const { events, terminal } = await harness.run({
      ...first,
      deployment: { id: testId("dep"), attempt: 1, kind: "provision" },
      rollout: { services: [], images: ready.terminal?.data?.images as Record<string, string> },
    });
    expect(terminal?.type).toBe("deployment.ready");
    expect(events.some((e) => e.stage === "health")).toBe(false);
    expect(await versions(first, "web")).toEqual(before);
  });
});
