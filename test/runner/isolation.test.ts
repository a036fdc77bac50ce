import { execFile } from "node:child_process";
import { promisify } from "node:util";
import type { IDeployment, IStatefulSet } from "kubernetes-models/apps/v1";
import type { IJob } from "kubernetes-models/batch/v1";
import type { INetworkPolicy } from "kubernetes-models/networking.k8s.io/v1";
import type { INamespace, IPod } from "kubernetes-models/v1";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Named } from "../../runner/kube/objects.ts";
import { buildJobManifest } from "../../runner/manifests/build.ts";
import { tenantNamespace } from "../../runner/manifests/labels.ts";
import type { DeploymentSpec } from "../../worker/contracts/index.ts";
import { deploymentSpec, service } from "./support/fixtures.ts";
import { Harness } from "./support/harness.ts";
import { restrictedViolations } from "./support/pod-security.ts";

const run = promisify(execFile);

/** The objects that fence a tenant in: it may read some of them, never change them. */
const GUARD_RAILS = [
  "resourcequotas",
  "limitranges",
  "networkpolicies.networking.k8s.io",
  "roles.rbac.authorization.k8s.io",
  "rolebindings.rbac.authorization.k8s.io",
];

/** A pod that passes restricted Pod Security, to fill a namespace's pod quota with. */
const filler = (namespace: string, name: string): Named<IPod> => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name, namespace },
  spec: {
    automountServiceAccountToken: false,
    securityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
    containers: [
      {
        name: "pause",
        image: "registry.k8s.io/pause:3.10",
        resources: {
          requests: { cpu: "1m", memory: "1Mi" },
          limits: { cpu: "1m", memory: "1Mi" },
        },
        securityContext: {
          allowPrivilegeEscalation: false,
          runAsUser: 65535,
          capabilities: { drop: ["ALL"] },
        },
      },
    ],
  },
});

describe("tenant isolation", () => {
  let harness: Harness;
  let spec: DeploymentSpec;
  let other: DeploymentSpec;
  let namespace: string;

  beforeAll(async () => {
    harness = await Harness.start();
    spec = deploymentSpec({
      services: [
        service({ source: { type: "git", url: "file:///srv/app.git", ref: "main", path: "." } }),
      ],
    });
    other = deploymentSpec({ database: null });
    for (const tenant of [spec, other]) {
      expect((await harness.run(tenant)).terminal?.type).toBe("deployment.ready");
    }
    namespace = tenantNamespace(spec);
  });
  afterAll(() => harness.close());

  it("runs every tenant pod template under restricted Pod Security", async () => {
    let templates = 0;
    for (const kind of ["Deployment", "StatefulSet"] as const) {
      const list = await harness.kube.list<IDeployment | IStatefulSet>("apps/v1", kind, namespace);
      for (const item of list) {
        const pod = item.spec?.template.spec;
        if (!pod) throw new Error(`${kind} ${item.metadata.name} has no pod template`);
        expect(restrictedViolations(pod), `${kind} ${item.metadata.name}`).toEqual([]);
        templates += 1;
      }
    }
    expect(templates).toBe(2);
    const labels = (
      await harness.kube.read({
        apiVersion: "v1",
        kind: "Namespace",
        metadata: { name: namespace },
      })
    )?.metadata?.labels;
    expect(labels?.["pod-security.kubernetes.io/enforce"]).toBe("restricted");
  });

  it("denies all traffic by default", async () => {
    const policies = await harness.kube.list<INetworkPolicy>(
      "networking.k8s.io/v1",
      "NetworkPolicy",
      namespace,
    );
    const deny = policies.find((p) => p.metadata.name === "default-deny");
    expect(deny?.spec?.podSelector).toEqual({});
    expect(deny?.spec?.policyTypes).toEqual(["Ingress", "Egress"]);
    expect(deny?.spec?.ingress).toBeUndefined();
    expect(deny?.spec?.egress).toBeUndefined();
  });

  /** `kubectl auth can-i` as the tenant's service account (a SelfSubjectAccessReview by impersonation). */
  async function tenantCan(...args: string[]): Promise<boolean> {
    const identity = [
      `--as=system:serviceaccount:${namespace}:tenant`,
      "--as-group=system:serviceaccounts",
      `--as-group=system:serviceaccounts:${namespace}`,
    ];
    try {
      await run("kubectl", [
        "auth",
        "can-i",
        ...args,
        ...identity,
        `--kubeconfig=${harness.cluster.kubeconfigPath}`,
      ]);
      return true;
    } catch (error) {
      const { code, stdout } = error as { code?: number; stdout?: string };
      if (code === 1 && stdout?.trim() === "no") return false;
      throw error;
    }
  }

  it("lets the tenant's service account read its own workloads", async () => {
    expect(await tenantCan("list", "pods", "-n", namespace)).toBe(true);
    expect(await tenantCan("get", "deployments.apps", "-n", namespace)).toBe(true);
  });

  it.each([
    ["its own secrets", ["list", "secrets"], "own"],
    ["writes in its namespace", ["create", "deployments.apps"], "own"],
    ["role escalation", ["escalate", "roles.rbac.authorization.k8s.io"], "own"],
    ["role binding", ["bind", "roles.rbac.authorization.k8s.io"], "own"],
    ["another tenant's pods", ["list", "pods"], "other"],
    ["kube-system", ["get", "pods"], "kube-system"],
    ["namespaces", ["list", "namespaces"], "cluster"],
    ["nodes", ["list", "nodes"], "cluster"],
    ["cluster roles", ["create", "clusterroles.rbac.authorization.k8s.io"], "cluster"],
    ["impersonation", ["impersonate", "serviceaccounts"], "own"],
    ...GUARD_RAILS.flatMap((resource) =>
      ["update", "patch", "delete"].map((verb): [string, string[], string] => [
        `${verb} of its ${resource}`,
        [verb, resource],
        "own",
      ]),
    ),
  ])("denies the tenant's service account %s", async (_, verbAndResource, scope) => {
    const where =
      scope === "own"
        ? ["-n", namespace]
        : scope === "other"
          ? ["-n", tenantNamespace(other)]
          : scope === "kube-system"
            ? ["-n", "kube-system"]
            : [];
    expect(await tenantCan(...verbAndResource, ...where)).toBe(false);
  });

  it("gives no tenant pod and no build pod a service account token", async () => {
    let templates = 0;
    for (const kind of ["Deployment", "StatefulSet"] as const) {
      const items = await harness.kube.list<IDeployment | IStatefulSet>("apps/v1", kind, namespace);
      for (const item of items) {
        expect(item.spec?.template.spec?.automountServiceAccountToken, item.metadata.name).toBe(
          false,
        );
        templates += 1;
      }
    }
    expect(templates).toBeGreaterThan(0);
    const [web] = spec.services;
    if (!web) throw new Error("the spec has no service");
    const job = buildJobManifest(spec, {
      service: web,
      checkout: { url: "https://example.com/app.git", ref: "main", path: "." },
      dockerfile: "FROM scratch",
    });
    expect(job.spec?.template.spec?.automountServiceAccountToken).toBe(false);
  });

  it("fences builds in their own namespace: baseline Pod Security and a default deny", async () => {
    const buildNamespace = spec.config.cluster.buildNamespace;
    const labels = (
      await harness.kube.read<INamespace>({
        apiVersion: "v1",
        kind: "Namespace",
        metadata: { name: buildNamespace },
      })
    )?.metadata?.labels;
    expect(labels?.["pod-security.kubernetes.io/enforce"]).toBe("baseline");
    const policies = await harness.kube.list<INetworkPolicy>(
      "networking.k8s.io/v1",
      "NetworkPolicy",
      buildNamespace,
    );
    expect(policies.find((p) => p.metadata.name === "default-deny")?.spec).toEqual({
      podSelector: {},
      policyTypes: ["Ingress", "Egress"],
    });
    expect(policies.map((p) => p.metadata.name)).toContain("allow-build-egress");
  });

  it("admits build pods at the build namespace's level and refuses a privileged one there", async () => {
    const buildNamespace = spec.config.cluster.buildNamespace;
    const [web] = spec.services;
    if (!web) throw new Error("the spec has no service");
    const template = buildJobManifest(spec, {
      service: web,
      checkout: { url: "https://example.com/app.git", ref: "main", path: "." },
      dockerfile: "FROM scratch",
    }).spec?.template as NonNullable<IJob["spec"]>["template"];
    const pod = (name: string, privileged: boolean): Named<IPod> => ({
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name, namespace: buildNamespace },
      spec: {
        ...template.spec,
        containers: (template.spec?.containers ?? []).map((c) =>
          privileged ? { ...c, securityContext: { ...c.securityContext, privileged: true } } : c,
        ),
      },
    });
    const admitted = pod(`admission-${spec.tenant.slug}`, false);
    await harness.kube.apply(admitted);
    await harness.kube.remove(admitted);
    await expect(harness.kube.apply(pod(`privileged-${spec.tenant.slug}`, true))).rejects.toThrow(
      /baseline|privileged/,
    );
  });

  it("keeps a neighbour provisioning and serving while one tenant's pod quota is exhausted", async () => {
    const quota = spec.config.plans[spec.tenant.plan]?.pods ?? 0;
    let refused: unknown;
    for (let i = 0; i <= quota && !refused; i += 1) {
      await harness.kube.apply(filler(namespace, `filler-${i}`)).catch((error) => {
        refused = error;
      });
    }
    expect(String(refused)).toMatch(/exceeded quota/);

    const neighbour = deploymentSpec({ database: null });
    expect((await harness.run(neighbour)).terminal?.type).toBe("deployment.ready");
    const [served] = await harness.kube.list<IDeployment>(
      "apps/v1",
      "Deployment",
      tenantNamespace(other),
    );
    expect(served?.status?.availableReplicas).toBeGreaterThan(0);
  });
});
