import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tenantNamespace } from "../../runner/manifests/labels.ts";
import {
  isPlatformEnvName,
  PLATFORM_OBJECT_NAMES,
  ServiceName,
} from "../../worker/contracts/index.ts";
import { deploymentSpec, service } from "./support/fixtures.ts";
import { Harness } from "./support/harness.ts";

/** Every kind the pipeline creates in a tenant's namespace. */
const KINDS: [string, string][] = [
  ["v1", "ServiceAccount"],
  ["rbac.authorization.k8s.io/v1", "Role"],
  ["rbac.authorization.k8s.io/v1", "RoleBinding"],
  ["v1", "ResourceQuota"],
  ["v1", "LimitRange"],
  ["networking.k8s.io/v1", "NetworkPolicy"],
  ["v1", "Secret"],
  ["v1", "ConfigMap"],
  ["apps/v1", "Deployment"],
  ["apps/v1", "StatefulSet"],
  ["v1", "Service"],
  ["v1", "PersistentVolumeClaim"],
  ["traefik.io/v1alpha1", "IngressRoute"],
  ["cert-manager.io/v1", "Certificate"],
];

type Container = { env?: { name: string; valueFrom?: { secretKeyRef?: { key: string } } }[] };
type Workload = { spec: { template: { spec: { containers: Container[] } } } };

/**
 * What the pipeline really creates for a tenant with two services and a database, read back
 * from the cluster: no service can take a platform object's name, and no env variable the
 * platform sets can be set by a service.
 */
describe("names the platform takes in a tenant", () => {
  let harness: Harness;
  const services = [
    service({ name: "web" }),
    service({ name: "api", id: "svc_00000000000000000002" }),
  ];
  const spec = deploymentSpec({ services });
  const namespace = tenantNamespace(spec);
  beforeAll(async () => {
    harness = await Harness.start();
    const { terminal } = await harness.run(spec);
    expect(terminal?.type, terminal?.message).toBe("deployment.ready");
  });
  afterAll(() => harness.close());

  it("refuses every service name whose objects would replace a platform object", async () => {
    const owned = new Set(services.flatMap((s) => [s.name, `${s.name}-env`]));
    // A service named N makes a Deployment N, a Service N and a Secret N-env.
    const takenBy = new Map<string, (name: string) => string | null>([
      ["Deployment", (name) => name],
      ["Service", (name) => name],
      ["Secret", (name) => (name.endsWith("-env") ? name.slice(0, -"-env".length) : null)],
    ]);
    const clashing = new Set<string>();
    for (const [apiVersion, kind] of KINDS) {
      const items = await harness.kube.list(apiVersion, kind, namespace);
      for (const item of items) {
        const name = item.metadata?.name ?? "";
        const serviceName = owned.has(name) ? null : takenBy.get(kind)?.(name);
        if (serviceName) clashing.add(serviceName);
      }
    }
    expect(clashing).toContain("database");
    for (const name of clashing) {
      expect(ServiceName.safeParse(name).success, `a service named ${name}`).toBe(false);
    }
    for (const name of PLATFORM_OBJECT_NAMES)
      expect(ServiceName.safeParse(name).success).toBe(false);
  });

  it("refuses as an env name every variable the platform sets in an app container", async () => {
    const items = await harness.kube.list("apps/v1", "Deployment", namespace);
    const customerNames = new Set(services.flatMap((s) => Object.keys(s.env)));
    const platformNames = (items as unknown as Workload[])
      .flatMap((deployment) => deployment.spec.template.spec.containers)
      .flatMap((container) => container.env ?? [])
      .map((variable) => variable.name)
      .filter((name) => !customerNames.has(name));
    expect(platformNames).toEqual(expect.arrayContaining(["PORT", "DATABASE_URL"]));
    for (const name of platformNames) {
      expect(isPlatformEnvName(name), `an env variable named ${name}`).toBe(true);
    }
  });
});
