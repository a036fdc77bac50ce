import { CoreV1Api } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backupJobManifest } from "../../runner/manifests/backup.ts";
import { cronJobManifest } from "../../runner/manifests/cronjob.ts";
import { databaseStatefulSetManifest } from "../../runner/manifests/database.ts";
import { tenantNamespace } from "../../runner/manifests/labels.ts";
import { pgbouncerDeploymentManifest } from "../../runner/manifests/pooling.ts";
import { limitRangeManifest } from "../../runner/manifests/quota.ts";
import { releaseJobManifest } from "../../runner/manifests/release.ts";
import { suspendedResponderDeployment } from "../../runner/manifests/suspended-responder.ts";
import { deploymentManifest } from "../../runner/manifests/workload.ts";
import { DEFAULT_PLANS, defaultPlatformConfig } from "../../worker/contracts/index.ts";
import { deploymentSpec, service, testId } from "./support/fixtures.ts";
import { adminKubeConfig, Harness } from "./support/harness.ts";

const enterprise = DEFAULT_PLANS.enterprise;
const input = { service: service(), image: "ghcr.io/acme/web:1.0.0", platformEnv: {} };
const backup = {
  id: "bkp_0123456789abcdefghjk",
  engine: "postgres" as const,
  objectUrl: "https://enclave.example/v1/backup-objects/token",
  key: "ab".repeat(32),
  into: null,
};

describe("isolation tier of a plan", () => {
  it("renders the enterprise tier into every pod template of the tenant: its code, its database, PgBouncer, backups and the suspended page", () => {
    const spec = deploymentSpec({ tenant: { ...deploymentSpec().tenant, plan: "enterprise" } });
    const cron = service({ name: "nightly", kind: "cron", port: null, schedule: "0 3 * * *" });
    const migrating = service({ releaseCommand: "npm run migrate" });
    const pods = [
      deploymentManifest(spec, input).spec?.template.spec,
      cronJobManifest(spec, { ...input, service: cron }).spec?.jobTemplate.spec?.template.spec,
      releaseJobManifest(spec, { ...input, service: migrating }).spec?.template.spec,
      databaseStatefulSetManifest(spec, { engine: "postgres", version: "17", pooling: false }, "pw")
        .spec?.template.spec,
      pgbouncerDeploymentManifest(spec, "pw").spec?.template.spec,
      suspendedResponderDeployment(spec).spec?.template.spec,
      ...(["backup", "restore"] as const).map(
        (kind) => backupJobManifest(spec, backup, kind, "postgres:17-alpine").spec?.template.spec,
      ),
    ];
    for (const pod of pods) {
      expect(pod).toMatchObject({
        nodeSelector: { "enclave.dev/pool": "dedicated" },
        tolerations: enterprise?.tolerations,
        runtimeClassName: "gvisor",
      });
    }
  });

  it("leaves the scheduling fields out for a plan without a tier", () => {
    const pod = deploymentManifest(deploymentSpec(), input).spec?.template.spec ?? {};
    for (const field of ["nodeSelector", "tolerations", "runtimeClassName", "priorityClassName"]) {
      expect(pod).not.toHaveProperty(field);
    }
  });

  it("renders a plan's priority class", () => {
    const config = defaultPlatformConfig();
    config.plans.starter = { ...config.plans.starter!, priorityClassName: "tenant-high" };
    const pod = deploymentManifest(deploymentSpec({ config }), input).spec?.template.spec;
    expect(pod?.priorityClassName).toBe("tenant-high");
  });
});

describe("plans on the embedded cluster", () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await Harness.start();
  });
  afterAll(() => harness.close());

  const pods = async (namespace: string) =>
    (
      await adminKubeConfig(harness.cluster)
        .makeApiClient(CoreV1Api)
        .listNamespacedPod({ namespace })
    ).items;
  const hard = async (namespace: string) =>
    (
      (await harness.kube.read({
        apiVersion: "v1",
        kind: "ResourceQuota",
        metadata: { name: "tenant-quota", namespace },
      })) as { spec?: { hard?: Record<string, string> } } | null
    )?.spec?.hard;

  it("runs an enterprise tenant's pods with the plan's node selector, tolerations and runtime class", async () => {
    const base = deploymentSpec();
    const spec = deploymentSpec({ tenant: { ...base.tenant, plan: "enterprise" } });
    const { terminal, events } = await harness.run(spec);
    expect(terminal?.type, JSON.stringify(events.filter((e) => e.type === "stage.failed"))).toBe(
      "deployment.ready",
    );
    const running = await pods(tenantNamespace(spec));
    expect(running.length).toBeGreaterThanOrEqual(2);
    for (const pod of running) {
      expect(pod.spec?.nodeSelector).toEqual({ "enclave.dev/pool": "dedicated" });
      expect(pod.spec?.tolerations).toContainEqual(enterprise?.tolerations[0]);
      expect(pod.spec?.runtimeClassName).toBe("gvisor");
    }
  });

  it("puts a changed plan quota into the next tenant's ResourceQuota", async () => {
    const config = defaultPlatformConfig();
    config.plans.starter = { ...config.plans.starter!, pods: 17, limitsCpu: "5" };
    const spec = deploymentSpec({ config });
    const { terminal } = await harness.run(spec);
    expect(terminal?.type).toBe("deployment.ready");
    expect(await hard(tenantNamespace(spec))).toMatchObject({ pods: "17", "limits.cpu": "5" });
  });

  it("moves a tenant to its new plan's quota, limit range and tier on a plan change", async () => {
    const first = deploymentSpec();
    expect((await harness.run(first)).terminal?.type).toBe("deployment.ready");
    const namespace = tenantNamespace(first);
    const moved = {
      ...first,
      deployment: { ...first.deployment, id: testId("dep") },
      tenant: { ...first.tenant, plan: "enterprise", wasReady: true },
    };
    const { terminal, events } = await harness.run(moved);
    expect(terminal?.type, JSON.stringify(events.filter((e) => e.type === "stage.failed"))).toBe(
      "deployment.ready",
    );
    expect(await hard(namespace)).toMatchObject({
      pods: String(enterprise?.pods),
      "limits.cpu": enterprise?.limitsCpu,
    });
    const applied = await harness.kube.read({
      apiVersion: "v1",
      kind: "LimitRange",
      metadata: { name: "tenant-limits", namespace },
    });
    // client-node reads `default` into its model as `_default`.
    const [item] = ((applied as { spec?: { limits?: Record<string, unknown>[] } } | null)?.spec
      ?.limits ?? []) as Record<string, unknown>[];
    expect(item?._default ?? item?.default).toEqual(
      limitRangeManifest(moved).spec?.limits[0]?.default,
    );
    expect(limitRangeManifest(moved).spec?.limits[0]?.default).toEqual({
      cpu: enterprise?.containerLimitCpu,
      memory: enterprise?.containerLimitMemory,
    });
    const deployment = (await harness.kube.read({
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "web", namespace },
    })) as { spec?: { template?: { spec?: Record<string, unknown> } } } | null;
    expect(deployment?.spec?.template?.spec).toMatchObject({
      nodeSelector: { "enclave.dev/pool": "dedicated" },
      runtimeClassName: "gvisor",
    });
  });
});
