import type { IDeployment } from "kubernetes-models/apps/v1";
import type { IJob } from "kubernetes-models/batch/v1";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildName } from "../../runner/manifests/build.ts";
import { tenantNamespace } from "../../runner/manifests/labels.ts";
import { PROVISION_STAGES } from "../../worker/contracts/index.ts";
import { deploymentSpec, service } from "./support/fixtures.ts";
import { FAKE_REVISION, Harness } from "./support/harness.ts";

const gitService = (name = "web") =>
  service({
    name,
    source: { type: "git", url: "file:///srv/repos/shop.git", ref: "main", path: "." },
  });

describe("building from source", () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await Harness.start();
  });
  afterAll(() => harness.close());

  it("builds in the build namespace, streams the log and deploys the image by digest", async () => {
    const spec = deploymentSpec({ database: null, services: [gitService()] });
    const { events, terminal } = await harness.run(spec);
    expect(terminal?.type, terminal?.message).toBe("deployment.ready");
    // Every stage but release, which runs only for services that have a release command.
    expect(events.filter((e) => e.type === "stage.completed").map((e) => e.stage)).toEqual(
      PROVISION_STAGES.filter((stage) => stage !== "release"),
    );
    const logs = events
      .filter((e) => e.stage === "build" && e.type === "stage.log")
      .map((e) => e.message);
    expect(logs.join("\n")).toContain("web | STEP 3/3: COMMIT");
    // Tagged as the build container's log, which the edge keeps as the deployment's log.
    const tagged = events.filter((e) => e.stage === "build" && e.data?.log !== undefined);
    expect(tagged.map((e) => e.message).join("\n")).toContain("web | STEP 3/3: COMMIT");
    expect(tagged[0]?.data?.log).toEqual({ service: "web", container: "build" });
    expect(events.filter((e) => e.data?.log === undefined && e.message.includes("STEP"))).toEqual(
      [],
    );
    const deployment = await harness.kube.read<IDeployment>({
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "web", namespace: tenantNamespace(spec) },
    });
    const image = deployment?.spec?.template.spec?.containers[0]?.image;
    expect(image).toMatch(
      new RegExp(`^${spec.config.cluster.registry}/${spec.tenant.id}/web@sha256:[a-f0-9]{64}$`),
    );
    const job = await harness.kube.read<IJob>({
      apiVersion: "batch/v1",
      kind: "Job",
      metadata: { name: buildName(spec, spec.services[0]!), namespace: "enclave-builds" },
    });
    const clone = job?.spec?.template.spec?.initContainers?.[0];
    // Detection resolved the ref to a commit; the build fetches that commit, and the
    // deployment's record names it.
    expect(clone?.env).toContainEqual({ name: "SOURCE_REF", value: FAKE_REVISION });
    expect((terminal?.data as { revisions?: unknown } | undefined)?.revisions).toEqual({
      web: FAKE_REVISION,
    });
  });

  it("redacts the service's secret values from the build log it reports", async () => {
    const spec = deploymentSpec({
      database: null,
      services: [{ ...gitService(), env: { API_TOKEN: "tok-9f8e7d6c5b4a" } }],
    });
    const remove = harness.cluster.scripts.add({
      kind: "jobOutcome",
      namespace: "enclave-builds",
      workload: buildName(spec, spec.services[0]!),
      exitCode: 1,
      logs: ["STEP 1/2: echo tok-9f8e7d6c5b4a", "failed"],
    });
    try {
      const { events } = await harness.run(spec);
      const logs = events.filter((e) => e.data?.log !== undefined).map((e) => e.message);
      expect(logs.join("\n")).toContain("web | STEP 1/2: echo [redacted]");
      expect(JSON.stringify(events)).not.toContain("tok-9f8e7d6c5b4a");
    } finally {
      remove();
    }
  });

  it("fails with the build's last log lines and removes what a never-ready tenant got", async () => {
    const spec = deploymentSpec({ services: [gitService()] });
    const remove = harness.cluster.scripts.add({
      kind: "jobOutcome",
      namespace: "enclave-builds",
      workload: buildName(spec, spec.services[0]!),
      exitCode: 1,
      logs: ["STEP 4/6: RUN npm ci", "npm ERR! missing script: build"],
    });
    try {
      const { events, terminal } = await harness.run(spec);
      expect(terminal?.type).toBe("deployment.failed");
      expect(terminal?.message).toContain("npm ERR! missing script: build");
      // The stage is the event's, shown once by every reader: the message does not repeat it.
      expect(terminal?.message).not.toMatch(/^build failed: /);
      expect(events.find((e) => e.type === "stage.failed")?.stage).toBe("build");
    } finally {
      remove();
    }
    const namespace = await harness.kube.read({
      apiVersion: "v1",
      kind: "Namespace",
      metadata: { name: tenantNamespace(spec) },
    });
    expect(namespace).toBeNull();
    const builds = await harness.kube.list("batch/v1", "Job", "enclave-builds", {
      labelSelector: `enclave.dev/deployment=${spec.deployment.id}`,
    });
    expect(builds).toEqual([]);
  });
});
