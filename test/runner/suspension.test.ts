import type { IIngressRoute } from "@kubernetes-models/traefik/traefik.io/v1alpha1";
import type { IDeployment, IStatefulSet } from "kubernetes-models/apps/v1";
import type { ICronJob } from "kubernetes-models/batch/v1";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tenantNamespace } from "../../runner/manifests/labels.ts";
import type { DeploymentSpec, SpecSuspension } from "../../worker/contracts/index.ts";
import { deploymentSpec, service, testId } from "./support/fixtures.ts";
import { Harness } from "./support/harness.ts";

const step = (first: DeploymentSpec, suspension?: SpecSuspension): DeploymentSpec => ({
  ...first,
  deployment: {
    id: testId("dep"),
    attempt: 1,
    kind: "provision",
    ...(suspension ? { suspension } : {}),
  },
  tenant: { ...first.tenant, wasReady: true },
});

describe("suspend and resume", () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await Harness.start();
  });
  afterAll(() => harness.close());

  const read = <T extends IDeployment | IStatefulSet | IIngressRoute | ICronJob>(
    spec: DeploymentSpec,
    apiVersion: T["apiVersion"],
    kind: T["kind"],
    name: string,
  ) =>
    harness.kube.read<T>({
      apiVersion,
      kind,
      metadata: { name, namespace: tenantNamespace(spec) },
    });
  const web = (spec: DeploymentSpec) => read<IDeployment>(spec, "apps/v1", "Deployment", "web");
  const database = (spec: DeploymentSpec) =>
    read<IStatefulSet>(spec, "apps/v1", "StatefulSet", "database");
  const route = (spec: DeploymentSpec) =>
    read<IIngressRoute>(spec, "traefik.io/v1alpha1", "IngressRoute", "tenant");
  /** What the tenant's hosts answer: the Service their route targets, through its proxy. */
  const hostsAnswer = async (spec: DeploymentSpec) => {
    const target = (await route(spec))?.spec?.routes[0]?.services?.[0];
    const response = await fetch(
      `${harness.cluster.url}/api/v1/namespaces/${tenantNamespace(spec)}/services/${target?.name}:${target?.port}/proxy/pricing`,
      { headers: { authorization: `Bearer ${harness.cluster.adminToken}` } },
    );
    return { status: response.status, body: await response.text() };
  };

  it("scales every workload to zero, keeps the data and routes the hosts to a 503 page; resume brings back the replica counts", async () => {
    const first = deploymentSpec();
    expect((await harness.run(first)).terminal?.type).toBe("deployment.ready");
    const namespace = tenantNamespace(first);
    // Scaled out by hand after the deployment: resume must bring back what was running.
    await harness.kube.apply<IDeployment>(
      {
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: { name: "web", namespace },
        spec: { replicas: 2 },
      } as IDeployment & { metadata: { name: string } },
      { fieldManager: "kubectl-scale" },
    );
    await harness.kube.apply<ICronJob>({
      apiVersion: "batch/v1",
      kind: "CronJob",
      metadata: { name: "nightly", namespace },
      spec: {
        schedule: "0 3 * * *",
        jobTemplate: {
          spec: {
            template: {
              spec: { restartPolicy: "Never", containers: [{ name: "job", image: "busybox" }] },
            },
          },
        },
      },
    });

    const suspend = step(first, "suspend");
    const suspended = await harness.run(suspend);
    expect(suspended.terminal?.type, suspended.terminal?.message).toBe("deployment.ready");
    expect((await web(first))?.spec?.replicas).toBe(0);
    expect((await database(first))?.spec?.replicas).toBe(0);
    expect((await web(first))?.spec?.template.spec?.containers[0]?.image).toBe(
      "ghcr.io/acme/web:1.0.0",
    );
    expect((await read<ICronJob>(first, "batch/v1", "CronJob", "nightly"))?.spec?.suspend).toBe(
      true,
    );
    const pvcs = await harness.kube.list("v1", "PersistentVolumeClaim", namespace);
    expect(pvcs.length).toBeGreaterThan(0);
    const pods = await harness.kube.list("v1", "Pod", namespace, {
      labelSelector: "app.kubernetes.io/component in (app,database)",
    });
    expect(pods).toHaveLength(0);
    const routed = await route(first);
    expect(routed?.spec?.routes[0]?.services).toEqual([
      { name: "suspended", port: first.config.suspension.port },
    ]);
    expect(routed?.spec?.routes[0]?.match).toContain(`${first.tenant.slug}.`);
    const page = await hostsAnswer(first);
    expect(page.status).toBe(503);
    expect(page.body).toContain("suspended");

    const resume = step(first, "resume");
    const resumed = await harness.run(resume);
    expect(resumed.terminal?.type, resumed.terminal?.message).toBe("deployment.ready");
    expect((await web(first))?.spec?.replicas).toBe(2);
    expect((await web(first))?.metadata?.annotations?.["enclave.dev/suspended-from"]).toBe(
      undefined,
    );
    expect((await database(first))?.spec?.replicas).toBe(1);
    expect((await read<ICronJob>(first, "batch/v1", "CronJob", "nightly"))?.spec?.suspend).toBe(
      false,
    );
    expect((await route(first))?.spec?.routes[0]?.services).toEqual([{ name: "web", port: 3000 }]);
    expect(await read<IDeployment>(first, "apps/v1", "Deployment", "suspended")).toBeNull();
    expect((await hostsAnswer(first)).status).toBe(200);
    expect(resumed.events.some((e) => e.stage === "health" && e.type === "stage.completed")).toBe(
      true,
    );

    // The next full deployment owns the replica count again.
    const redeploy = step(first);
    expect((await harness.run(redeploy)).terminal?.type).toBe("deployment.ready");
    expect((await web(first))?.spec?.replicas).toBe(first.config.plans.starter?.replicas);
  });

  it("routes every host to the suspended page: other public services' hosts and custom domains too", async () => {
    const image = { type: "image" as const, image: "ghcr.io/acme/web:1.0.0" };
    const shop = { id: "dom_0000000000000000shop", domain: "shop.example.com" };
    const first = deploymentSpec({
      database: null,
      services: [
        service({ name: "web", source: image, public: true }),
        service({ name: "admin", source: image, port: 8080, public: true }),
      ],
      customDomains: [shop],
    });
    expect((await harness.run(first)).terminal?.type).toBe("deployment.ready");
    const routeNames = ["tenant", "admin-host", shop.id.replace("_", "-")];
    const targets = () =>
      Promise.all(
        routeNames.map(async (name) => {
          const ingressRoute = await read<IIngressRoute>(
            first,
            "traefik.io/v1alpha1",
            "IngressRoute",
            name,
          );
          return ingressRoute?.spec?.routes.map((rule) => rule.services?.[0]?.name);
        }),
      );
    expect(await targets()).toEqual([["web"], ["admin"], ["web"]]);

    const suspended = await harness.run(step(first, "suspend"));
    expect(suspended.terminal?.type, suspended.terminal?.message).toBe("deployment.ready");
    expect(await targets()).toEqual([["suspended"], ["suspended"], ["suspended"]]);
    const summary = suspended.events.find(
      (e) => e.stage === "route" && e.type === "stage.completed",
    );
    expect(summary?.message).toContain("shop.example.com");

    // Verified while suspended: no deployment routed it, so resuming gives it its objects.
    const blog = { id: "dom_0000000000000000blog", domain: "blog.example.com" };
    const resume = { ...step(first, "resume"), customDomains: [shop, blog] };
    const resumed = await harness.run(resume);
    expect(resumed.terminal?.type, resumed.terminal?.message).toBe("deployment.ready");
    expect(await targets()).toEqual([["web"], ["admin"], ["web"]]);
    const blogName = blog.id.replace("_", "-");
    const blogRoute = await read<IIngressRoute>(
      first,
      "traefik.io/v1alpha1",
      "IngressRoute",
      blogName,
    );
    expect(blogRoute?.spec?.routes[0]?.services).toEqual([{ name: "web", port: 3000 }]);
    const blogCertificate = await harness.kube.read({
      apiVersion: "cert-manager.io/v1",
      kind: "Certificate",
      metadata: { name: blogName, namespace: tenantNamespace(first) },
    });
    expect(blogCertificate).not.toBeNull();
    expect(resumed.terminal?.data?.customDomains).toEqual([
      { domain: "shop.example.com", certificate: "issued" },
      { domain: "blog.example.com", certificate: "issued" },
    ]);
  });
});
