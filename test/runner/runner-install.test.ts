import {
  AppsV1Api,
  CoreV1Api,
  type KubeConfig,
  RbacAuthorizationV1Api,
  type V1Job,
} from "@kubernetes/client-node";
import type { IDeployment } from "kubernetes-models/apps/v1";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { UsageError } from "../../runner/cli/args.ts";
import type { EmbeddedCluster } from "../../runner/cluster/index.ts";
import { manifestsFor, toYaml } from "../../runner/deploy/print-manifest.ts";
import { Kube } from "../../runner/kube/client.ts";
import type { Named } from "../../runner/kube/objects.ts";
import {
  buildJobManifest,
  buildName,
  checkoutOf,
  dockerfileConfigMapManifest,
} from "../../runner/manifests/build.ts";
import { tenantNamespace } from "../../runner/manifests/labels.ts";
import { RUNNER_SECRET, runnerInstallManifests } from "../../runner/manifests/runner-install.ts";
import { RUNNER_NAME, RUNNER_RULES } from "../../runner/manifests/runner-rbac.ts";
import { validateObject } from "../../runner/manifests/validate.ts";
import {
  type DeploymentSpec,
  defaultPlatformConfig,
  type SpecSuspension,
} from "../../worker/contracts/index.ts";
import { eventually, kubectlAgainst, kubectlPiping } from "../cluster/support.ts";
import { deploymentSpec, service, testId } from "./support/fixtures.ts";
import { adminKubeConfig, Harness, nodeAppAnalyzer } from "./support/harness.ts";

const ARGS = ["--image", "ghcr.io/acme/enclave-runner:1.0.0", "--edge-url", "https://api.acme.dev"];
const { runnerNamespace } = defaultPlatformConfig().cluster;
const RUNNER_USER = `system:serviceaccount:${runnerNamespace}:${RUNNER_NAME}`;

/** A Node app built from its repository, with PostgreSQL: every stage of the pipeline runs. */
const fullSpec = () =>
  deploymentSpec({
    services: [
      service({
        source: { type: "git", url: "https://git.acme.dev/app.git", ref: "main", path: "." },
      }),
    ],
  });

const deprovision = (spec: DeploymentSpec): DeploymentSpec => ({
  ...spec,
  deployment: { id: testId("dep"), attempt: 1, kind: "deprovision" },
});

const suspension = (spec: DeploymentSpec, action: SpecSuspension): DeploymentSpec => ({
  ...spec,
  deployment: { id: testId("dep"), attempt: 1, kind: "provision", suspension: action },
  tenant: { ...spec.tenant, wasReady: true },
});

describe("runner installation manifest", () => {
  it("passes upstream schema validation, object by object", () => {
    const manifests = runnerInstallManifests({
      image: "ghcr.io/acme/enclave-runner:1.0.0",
      edgeUrl: "https://api.acme.dev",
      replicas: 2,
      cluster: defaultPlatformConfig().cluster,
    });
    for (const manifest of manifests) validateObject(manifest);
    expect(manifests.map((m) => m.kind)).toEqual([
      "Namespace",
      "Namespace",
      "NetworkPolicy",
      "NetworkPolicy",
      "ServiceAccount",
      "ClusterRole",
      "ClusterRoleBinding",
      "Service",
      "NetworkPolicy",
      "Deployment",
    ]);
  });

  it("prints as multi-document YAML and refuses a command line without an image or edge URL", () => {
    const manifests = manifestsFor([...ARGS, "--replicas", "3"]);
    const documents = parseAllDocuments(toYaml(manifests)).map((document) => document.toJS());
    expect(documents).toEqual(manifests);
    const deployment = manifests.find((m): m is Named<IDeployment> => m.kind === "Deployment");
    expect(deployment?.spec).toMatchObject({ replicas: 3 });
    expect(() => manifestsFor(["--edge-url", "https://api.acme.dev"])).toThrow(UsageError);
    expect(() => manifestsFor(["--image", "x", "--edge-url", "ftp://api.acme.dev"])).toThrow(
      UsageError,
    );
  });
});

describe("the runner's ServiceAccount runs the pipeline", () => {
  let harness: Harness;
  let admin: KubeConfig;
  let applied: { code: number; stdout: string; stderr: string };

  /** Installs as an operator would, then hands the pipeline a token of the runner's account. */
  const installAndConnect = async (cluster: EmbeddedCluster) => {
    applied = await kubectlPiping(
      cluster,
      toYaml(manifestsFor(ARGS)),
      "apply",
      "--server-side",
      "-f",
      "-",
    );
    if (applied.code !== 0) throw new Error(`kubectl apply failed: ${applied.stderr}`);
    const core = adminKubeConfig(cluster).makeApiClient(CoreV1Api);
    const issued = await core.createNamespacedServiceAccountToken({
      name: RUNNER_NAME,
      namespace: runnerNamespace,
      body: { spec: { audiences: [], expirationSeconds: 3600 } },
    });
    const config = adminKubeConfig(cluster);
    const user = config.getCurrentUser();
    if (!user) throw new Error("the kubeconfig has no user");
    Object.assign(user, { token: issued.status?.token });
    return config;
  };

  beforeAll(async () => {
    harness = await Harness.start(nodeAppAnalyzer, { connect: installAndConnect });
    admin = adminKubeConfig(harness.cluster);
    // The runner checks health through the API server's service proxy only when it runs outside
    // the cluster, as this test does; installed, it reaches the Services directly, so the proxy
    // is the test's grant, not the runner's.
    const rbac = admin.makeApiClient(RbacAuthorizationV1Api);
    await rbac.createClusterRole({
      body: {
        metadata: { name: "test-service-proxy" },
        rules: [{ apiGroups: [""], resources: ["services/proxy"], verbs: ["get"] }],
      },
    });
    await rbac.createClusterRoleBinding({
      body: {
        metadata: { name: "test-service-proxy" },
        roleRef: {
          apiGroup: "rbac.authorization.k8s.io",
          kind: "ClusterRole",
          name: "test-service-proxy",
        },
        subjects: [{ kind: "ServiceAccount", name: RUNNER_NAME, namespace: runnerNamespace }],
      },
    });
  });
  afterAll(() => harness?.close());

  /** What a runner that died after its build failed leaves behind: the failed Job and its ConfigMap. */
  const leaveFailedBuild = async (spec: DeploymentSpec) => {
    const kube = new Kube(admin, { inCluster: false });
    const [built] = spec.services;
    const checkout = built && checkoutOf(built.source);
    if (!built || !checkout) throw new Error("the spec has no service to build");
    const input = { service: built, checkout, dockerfile: "FROM node:22-alpine\n" };
    const name = buildName(spec, built);
    const namespace = spec.config.cluster.buildNamespace;
    const failing = harness.cluster.scripts.add({
      kind: "jobOutcome",
      namespace,
      workload: name,
      exitCode: 1,
    });
    try {
      const job = await kube.apply(buildJobManifest(spec, input));
      await kube.apply(
        dockerfileConfigMapManifest(spec, input, { name, uid: job.metadata?.uid ?? "" }),
      );
      await eventually(async () => {
        const current = (await kube.read({
          apiVersion: "batch/v1",
          kind: "Job",
          metadata: { name, namespace },
        })) as V1Job | null;
        return current?.status?.conditions?.some((c) => c.type === "Failed" && c.status === "True");
      });
    } finally {
      failing();
    }
  };

  it("installs with kubectl apply --server-side, and the runner rolls out once its Secret exists", async () => {
    expect(applied.stdout).toContain(
      `clusterrole.rbac.authorization.k8s.io/${RUNNER_NAME} serverside-applied`,
    );
    await admin.makeApiClient(CoreV1Api).createNamespacedSecret({
      namespace: runnerNamespace,
      body: {
        metadata: { name: RUNNER_SECRET },
        stringData: { JOB_TOKEN_SECRET: "j".repeat(32), RUNNER_TOKEN_SECRET: "r".repeat(32) },
      },
    });
    const apps = admin.makeApiClient(AppsV1Api);
    await eventually(async () => {
      const deployment = await apps.readNamespacedDeployment({
        name: RUNNER_NAME,
        namespace: runnerNamespace,
      });
      return deployment.status?.availableReplicas === 1;
    }, 20_000);
  });

  it("provisions a built Node app with PostgreSQL, then deprovisions it", async () => {
    const spec = fullSpec();
    const provisioned = await harness.run(spec);
    expect(
      provisioned.terminal?.type,
      JSON.stringify(provisioned.events.filter((e) => e.type === "stage.failed")),
    ).toBe("deployment.ready");
    expect(
      provisioned.events.filter((e) => e.type === "stage.completed").map((e) => e.stage),
    ).toEqual(["namespace", "detect", "generate", "build", "deploy", "route", "health"]);
    const removed = await harness.run(deprovision(spec));
    expect(
      removed.terminal?.type,
      JSON.stringify(removed.events.filter((e) => e.type === "stage.failed")),
    ).toBe("deployment.deleted");
    expect(
      await harness.kube.list("v1", "Namespace", undefined, {
        fieldSelector: `metadata.name=${tenantNamespace(spec)}`,
      }),
    ).toEqual([]);
  });

  it("is denied what the pipeline never does", async () => {
    const canI = async (...args: string[]) =>
      (
        await kubectlAgainst(harness.cluster, "auth", "can-i", ...args, `--as=${RUNNER_USER}`)
      ).stdout.trim();
    // Secrets are written anywhere (tenant namespaces appear at run time) but read by one name only.
    expect(await canI("get", "secrets/database-credentials", "-n", "enclave-anything")).toBe("yes");
    for (const denied of [
      ["delete", "nodes"],
      ["get", "secrets", "-n", "kube-system"],
      ["list", "secrets", "--all-namespaces"],
      ["create", "pods", "-n", "kube-system"],
      ["escalate", "roles.rbac.authorization.k8s.io", "-n", "enclave-anything"],
      ["bind", "clusterroles.rbac.authorization.k8s.io"],
      ["create", "clusterrolebindings.rbac.authorization.k8s.io"],
      ["impersonate", "users"],
      ["update", `clusterroles.rbac.authorization.k8s.io/${RUNNER_NAME}`],
    ]) {
      expect(await canI(...denied), denied.join(" ")).toBe("no");
    }
  });

  it("replaces a build an earlier attempt left failed", async () => {
    const spec = fullSpec();
    await leaveFailedBuild(spec);
    const { terminal, events } = await harness.run(spec);
    expect(terminal?.type, terminal?.message).toBe("deployment.ready");
    expect(events.map((e) => e.message)).toContainEqual(
      expect.stringContaining("replacing the build left by an earlier attempt"),
    );
  });

  /**
   * The most demanding path, a provision that replaces a failed build, a suspend, a resume and
   * then a deprovision, needs every rule: without any one of them, one of them fails on a 403.
   */
  it.each(RUNNER_RULES.map((rule, index) => [JSON.stringify(rule), index] as const))(
    "fails a provision or deprovision without %s",
    async (_rule, index) => {
      const rbac = admin.makeApiClient(RbacAuthorizationV1Api);
      const withRules = (rules: typeof RUNNER_RULES) =>
        rbac.replaceClusterRole({
          name: RUNNER_NAME,
          body: { metadata: { name: RUNNER_NAME }, rules },
        });
      const spec = fullSpec();
      spec.services = spec.services.map((s) => ({ ...s, releaseCommand: "echo migrated" }));
      await leaveFailedBuild(spec);
      await withRules(RUNNER_RULES.filter((_, i) => i !== index));
      try {
        let { terminal, events } = await harness.run(spec);
        for (const next of [
          suspension(spec, "suspend"),
          suspension(spec, "resume"),
          deprovision(spec),
        ]) {
          if (terminal?.type !== "deployment.ready") break;
          ({ terminal, events } = await harness.run(next));
        }
        expect(terminal?.type).toBe("deployment.failed");
        expect(events.find((e) => e.type === "stage.failed")?.message).toMatch(/forbidden/i);
      } finally {
        await withRules(RUNNER_RULES);
      }
    },
  );
});
