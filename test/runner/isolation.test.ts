import { execFile } from "node:child_process";
import { promisify } from "node:util";
import type { IDeployment, IStatefulSet } from "kubernetes-models/apps/v1";
import type { INetworkPolicy } from "kubernetes-models/networking.k8s.io/v1";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tenantNamespace } from "../../runner/manifests/labels.ts";
import type { DeploymentSpec } from "../../worker/contracts/index.ts";
import { deploymentSpec, service } from "./support/fixtures.ts";
import { Harness } from "./support/harness.ts";
import { restrictedViolations } from "./support/pod-security.ts";

const run = promisify(execFile);

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
});
