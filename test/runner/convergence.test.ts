import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tenantNamespace } from "../../runner/manifests/labels.ts";
import type { DeploymentSpec, Stage } from "../../worker/contracts/index.ts";
import { deploymentSpec, service } from "./support/fixtures.ts";
import { Harness } from "./support/harness.ts";
import { snapshot } from "./support/snapshot.ts";

const sourceSpec = () =>
  deploymentSpec({
    services: [
      service({
        name: "web",
        source: { type: "git", url: "file:///srv/shop.git", ref: "main", path: "." },
      }),
    ],
  });

/** Build objects are named per deployment; the rest of a tenant's names are the same for all. */
const withoutBuildHash = (names: string[]) =>
  names.map((name) => name.replace(/build-web-[a-f0-9]+/, "build-web"));

const attempt = (spec: DeploymentSpec, n: number): DeploymentSpec => ({
  ...spec,
  deployment: { ...spec.deployment, attempt: n },
});

describe("convergence", () => {
  let harness: Harness;
  let reference: string[];
  beforeAll(async () => {
    harness = await Harness.start();
    const spec = sourceSpec();
    expect((await harness.run(spec)).terminal?.type).toBe("deployment.ready");
    reference = await snapshot(harness, spec);
  });
  afterAll(() => harness.close());

  const read = (spec: DeploymentSpec, apiVersion: string, kind: string, name: string) =>
    harness.kube.read({ apiVersion, kind, metadata: { name, namespace: tenantNamespace(spec) } });

  it("runs a duplicate delivery to the same objects without a new rollout or password", async () => {
    const spec = sourceSpec();
    expect((await harness.run(spec)).terminal?.type).toBe("deployment.ready");
    const before = await snapshot(harness, spec);
    const deployment = await read(spec, "apps/v1", "Deployment", "web");
    const secret = await read(spec, "v1", "Secret", "database-credentials");

    expect((await harness.run(spec)).terminal?.type).toBe("deployment.ready");
    expect(await snapshot(harness, spec)).toEqual(before);
    const again = await read(spec, "apps/v1", "Deployment", "web");
    expect(again?.metadata?.generation).toBe(deployment?.metadata?.generation);
    expect(
      ((await read(spec, "v1", "Secret", "database-credentials")) as { data?: unknown })?.data,
    ).toEqual((secret as { data?: unknown })?.data);
  });

  // After health the ready event is out: that case is the duplicate delivery above.
  const stages: Stage[] = ["namespace", "detect", "generate", "build", "deploy", "route"];
  it.each(stages)(
    "converges when the runner dies after %s and the job is redelivered",
    async (stage) => {
      const spec = sourceSpec();
      const crash = new AbortController();
      harness.onEvent = (event) => {
        if (
          event.deploymentId === spec.deployment.id &&
          event.stage === stage &&
          event.type === "stage.completed"
        ) {
          crash.abort(new Error("runner died"));
        }
      };
      const first = await harness.run(spec, crash.signal);
      harness.onEvent = undefined;
      expect(first.terminal).toBeUndefined();

      const retried = attempt(spec, 2);
      const { terminal } = await harness.run(retried);
      expect(terminal?.type, terminal?.message).toBe("deployment.ready");
      expect(withoutBuildHash(await snapshot(harness, spec))).toEqual(withoutBuildHash(reference));
    },
  );
});
