import { CoreV1Api, KubeConfig, RbacAuthorizationV1Api } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createNamespace, failure, type Harness, startHarness } from "./support.ts";

let h: Harness;
let tenant: CoreV1Api;
let tenantRbac: RbacAuthorizationV1Api;
let tenantToken: string;

beforeAll(async () => {
  h = await startHarness();
  for (const name of ["tenant-a", "tenant-b"]) await createNamespace(h, name);
  await h.core.createNamespacedServiceAccount({
    namespace: "tenant-a",
    body: { metadata: { name: "app" } },
  });
  await h.rbac.createNamespacedRole({
    namespace: "tenant-a",
    body: {
      metadata: { name: "app" },
      rules: [
        { apiGroups: [""], resources: ["configmaps", "secrets"], verbs: ["get", "list", "create"] },
        {
          apiGroups: ["rbac.authorization.k8s.io"],
          resources: ["roles", "rolebindings"],
          verbs: ["create"],
        },
      ],
    },
  });
  await h.rbac.createNamespacedRoleBinding({
    namespace: "tenant-a",
    body: {
      metadata: { name: "app" },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "app" },
      subjects: [{ kind: "ServiceAccount", name: "app", namespace: "tenant-a" }],
    },
  });
  const issued = await h.core.createNamespacedServiceAccountToken({
    name: "app",
    namespace: "tenant-a",
    body: { spec: { audiences: [], expirationSeconds: 600 } },
  });
  tenantToken = issued.status?.token ?? "";
  const kc = new KubeConfig();
  kc.loadFromString(h.cluster.kubeconfig);
  const user = kc.getCurrentUser();
  if (user) Object.assign(user, { token: tenantToken });
  tenant = kc.makeApiClient(CoreV1Api);
  tenantRbac = kc.makeApiClient(RbacAuthorizationV1Api);
});
afterAll(() => h.cluster.close());

describe("RBAC", () => {
  it("lets a ServiceAccount token do what its Role grants in its namespace", async () => {
    await tenant.createNamespacedConfigMap({
      namespace: "tenant-a",
      body: { metadata: { name: "mine" } },
    });
    expect(
      (await tenant.listNamespacedConfigMap({ namespace: "tenant-a" })).items.map(
        (c) => c.metadata?.name,
      ),
    ).toContain("mine");
  });

  it("forbids reading another tenant's namespace", async () => {
    const forbidden = await failure(tenant.listNamespacedSecret({ namespace: "tenant-b" }));
    expect(forbidden.code).toBe(403);
    expect(forbidden.message).toBe(
      'secrets is forbidden: User "system:serviceaccount:tenant-a:app" cannot list resource "secrets" in API group "" in the namespace "tenant-b"',
    );
  });

  it("forbids cluster-scoped resources and verbs the Role lacks", async () => {
    expect((await failure(tenant.listNamespace())).code).toBe(403);
    expect(
      (await failure(tenant.deleteNamespacedConfigMap({ name: "mine", namespace: "tenant-a" })))
        .code,
    ).toBe(403);
  });

  it("rejects unknown tokens with 401", async () => {
    const kc = new KubeConfig();
    kc.loadFromString(h.cluster.kubeconfig);
    const user = kc.getCurrentUser();
    if (user) Object.assign(user, { token: "not-a-token" });
    expect((await failure(kc.makeApiClient(CoreV1Api).listNamespace())).code).toBe(401);
  });

  it("judges a plain-HTTP caller by the credential it presents, never as the anonymous admin", async () => {
    expect(h.cluster.url).toMatch(/^http:/);
    const status = async (authorization: string, path = "/api/v1/namespaces") =>
      (await fetch(`${h.cluster.url}${path}`, { headers: { authorization } })).status;
    expect(await status(`bearer ${tenantToken}`)).toBe(403);
    expect(await status(`BEARER ${tenantToken}`, "/api/v1/namespaces/tenant-a/configmaps")).toBe(
      200,
    );
    expect(await status("Bearer ")).toBe(401);
    expect(await status("Basic YWRtaW46YWRtaW4=")).toBe(401);
    expect((await fetch(`${h.cluster.url}/api/v1/namespaces`)).status).toBe(200);
  });

  it("honours impersonation headers from the admin, evaluated with the impersonated identity", async () => {
    const asTenant = async (path: string) =>
      (
        await fetch(`${h.cluster.url}${path}`, {
          headers: {
            authorization: `Bearer ${h.cluster.adminToken}`,
            "impersonate-user": "system:serviceaccount:tenant-a:app",
          },
        })
      ).status;
    expect(await asTenant("/api/v1/namespaces/tenant-a/configmaps")).toBe(200);
    expect(await asTenant("/api/v1/namespaces/tenant-b/configmaps")).toBe(403);
  });

  it("answers SelfSubjectAccessReview for the caller", async () => {
    const review = async (namespace: string) => {
      const response = await fetch(
        `${h.cluster.url}/apis/authorization.k8s.io/v1/selfsubjectaccessreviews`,
        {
          method: "POST",
          headers: {
            authorization: `Bearer ${h.cluster.adminToken}`,
            "impersonate-user": "system:serviceaccount:tenant-a:app",
            "content-type": "application/json",
          },
          body: JSON.stringify({
            apiVersion: "authorization.k8s.io/v1",
            kind: "SelfSubjectAccessReview",
            spec: { resourceAttributes: { namespace, verb: "get", resource: "secrets" } },
          }),
        },
      );
      return ((await response.json()) as { status: { allowed: boolean } }).status.allowed;
    };
    expect(await review("tenant-a")).toBe(true);
    expect(await review("tenant-b")).toBe(false);
  });

  it("lets a ServiceAccount grant and bind only permissions it holds itself", async () => {
    const role = (name: string, resources: string[]) =>
      tenantRbac.createNamespacedRole({
        namespace: "tenant-a",
        body: {
          metadata: { name },
          rules: [{ apiGroups: [""], resources, verbs: ["get"] }],
        },
      });
    const binding = (name: string, roleRef: { kind: string; name: string }) =>
      tenantRbac.createNamespacedRoleBinding({
        namespace: "tenant-a",
        body: {
          metadata: { name },
          roleRef: { apiGroup: "rbac.authorization.k8s.io", ...roleRef },
          subjects: [{ kind: "ServiceAccount", name: "app", namespace: "tenant-a" }],
        },
      });
    await role("reader", ["configmaps"]);
    await binding("reader", { kind: "Role", name: "reader" });
    const escalation = await failure(role("pod-reader", ["configmaps", "pods"]));
    expect(escalation.code).toBe(403);
    expect(escalation.message).toContain(
      'roles.rbac.authorization.k8s.io "pod-reader" is forbidden: user "system:serviceaccount:tenant-a:app"',
    );
    expect(escalation.message).toContain('"resources":["configmaps","pods"]');
    expect((await failure(binding("admin", { kind: "ClusterRole", name: "admin" }))).code).toBe(
      403,
    );
    expect((await failure(binding("early", { kind: "Role", name: "not-yet" }))).code).toBe(404);
  });
});
