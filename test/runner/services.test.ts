import type { ICertificate } from "@kubernetes-models/cert-manager/cert-manager.io/v1";
import type { IIngressRoute } from "@kubernetes-models/traefik/traefik.io/v1alpha1";
import type { IDeployment } from "kubernetes-models/apps/v1";
import type { ICronJob } from "kubernetes-models/batch/v1";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { KubeObject } from "../../runner/kube/objects.ts";
import { tenantNamespace } from "../../runner/manifests/labels.ts";
import type { DeploymentSpec, SpecService } from "../../worker/contracts/index.ts";
import { deploymentSpec, service, testId } from "./support/fixtures.ts";
import { Harness } from "./support/harness.ts";

const ENV_ECHO = "ghcr.io/acme/env-echo";

describe("several services and a database", () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await Harness.start();
    // A test app that answers with the platform variables it was started with.
    harness.cluster.behaviours.register({ image: ENV_ECHO }, (_pod, _container, context) => ({
      http: () => ({
        status: 200,
        body: JSON.stringify(
          Object.fromEntries(
            Object.entries(context.env).filter(
              ([name]) =>
                name.startsWith("ENCLAVE_SERVICE_") || name === "DATABASE_URL" || name === "PORT",
            ),
          ),
        ),
      }),
    }));
  });
  afterAll(() => harness.close());

  it("injects each service's in-cluster URL into the others, and DATABASE_URL into all", async () => {
    const image = { type: "image" as const, image: `${ENV_ECHO}:1.0.0` };
    const spec = deploymentSpec({
      services: [
        service({ name: "web", source: image, port: 3000 }),
        service({ name: "api", source: image, port: 8080 }),
      ],
    });
    const { terminal } = await harness.run(spec);
    expect(terminal?.type, terminal?.message).toBe("deployment.ready");
    const namespace = tenantNamespace(spec);
    const web = JSON.parse(await harness.kube.proxyGet(namespace, "web", 3000, "/env"));
    const api = JSON.parse(await harness.kube.proxyGet(namespace, "api", 8080, "/env"));
    expect(web.ENCLAVE_SERVICE_API_URL).toBe(`http://api.${namespace}.svc.cluster.local:8080`);
    expect(web.ENCLAVE_SERVICE_WEB_URL).toBeUndefined();
    expect(api.ENCLAVE_SERVICE_WEB_URL).toBe(`http://web.${namespace}.svc.cluster.local:3000`);
    expect(web.PORT).toBe("3000");
    for (const env of [web, api]) {
      expect(env.DATABASE_URL).toMatch(
        new RegExp(
          `^postgres://app:[a-f0-9]{48}@database\\.${namespace}\\.svc\\.cluster\\.local:5432/app$`,
        ),
      );
    }
    expect(web.DATABASE_URL).toBe(api.DATABASE_URL);
  });
});

describe("services as resources", () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await Harness.start();
    harness.cluster.behaviours.register({ image: ENV_ECHO }, (_pod, _container, context) => ({
      http: () => ({ status: 200, body: JSON.stringify(context.env) }),
    }));
  });
  afterAll(() => harness.close());

  const image = { type: "image" as const, image: `${ENV_ECHO}:1.0.0` };
  const read = <T extends KubeObject>(
    spec: DeploymentSpec,
    apiVersion: string,
    kind: string,
    name: string,
  ) =>
    harness.kube.read<T>({
      apiVersion,
      kind,
      metadata: { name, namespace: tenantNamespace(spec) },
    });
  const later = (spec: DeploymentSpec, services: SpecService[]): DeploymentSpec => ({
    ...spec,
    deployment: { id: testId("dep"), attempt: 1, kind: "provision" },
    tenant: { ...spec.tenant, wasReady: true },
    services,
  });

  it("routes a second public service at its own host with its own Certificate", async () => {
    const spec = deploymentSpec({
      database: null,
      services: [
        service({ name: "web", source: image, public: true }),
        service({ name: "admin", source: image, port: 8080, public: true }),
        service({ name: "api", source: image, port: 9000, public: false }),
      ],
    });
    const { terminal, events } = await harness.run(spec);
    expect(terminal?.type, terminal?.message).toBe("deployment.ready");
    const base = spec.config.baseDomain;
    const entryHost = `${spec.tenant.slug}.${base}`;
    const adminHost = `admin--${spec.tenant.slug}.${base}`;
    const tenantRoute = await read<IIngressRoute>(
      spec,
      "traefik.io/v1alpha1",
      "IngressRoute",
      "tenant",
    );
    expect(tenantRoute?.spec.routes[0]?.match).toBe(`Host(\`${entryHost}\`)`);
    expect(tenantRoute?.spec.routes[0]?.services?.[0]).toMatchObject({ name: "web", port: 3000 });
    const adminRoute = await read<IIngressRoute>(
      spec,
      "traefik.io/v1alpha1",
      "IngressRoute",
      "admin-host",
    );
    expect(adminRoute?.spec.routes[0]?.match).toBe(`Host(\`${adminHost}\`)`);
    expect(adminRoute?.spec.routes[0]?.services?.[0]).toMatchObject({ name: "admin", port: 8080 });
    expect(adminRoute?.spec.tls?.secretName).toBe("admin-host-tls");
    const tenantCertificate = await read<ICertificate>(
      spec,
      "cert-manager.io/v1",
      "Certificate",
      "tenant",
    );
    const adminCertificate = await read<ICertificate>(
      spec,
      "cert-manager.io/v1",
      "Certificate",
      "admin-host",
    );
    expect(tenantCertificate?.spec?.dnsNames).toEqual([entryHost]);
    expect(adminCertificate?.spec?.dnsNames).toEqual([adminHost]);
    expect(adminCertificate?.spec?.secretName).toBe("admin-host-tls");
    expect(await read(spec, "traefik.io/v1alpha1", "IngressRoute", "api-host")).toBeNull();
    const routed = events.find((e) => e.stage === "route" && e.type === "stage.completed");
    expect(routed?.data).toMatchObject({
      url: `https://${entryHost}`,
      services: { web: `https://${entryHost}`, admin: `https://${adminHost}` },
    });

    // No longer public: its host, route and certificate go.
    const privateAdmin = later(spec, [
      service({ name: "web", source: image, public: true }),
      service({ name: "admin", source: image, port: 8080, public: false }),
      service({ name: "api", source: image, port: 9000, public: false }),
    ]);
    const again = await harness.run(privateAdmin);
    expect(again.terminal?.type, again.terminal?.message).toBe("deployment.ready");
    expect(await read(spec, "traefik.io/v1alpha1", "IngressRoute", "admin-host")).toBeNull();
    expect(await read(spec, "cert-manager.io/v1", "Certificate", "admin-host")).toBeNull();
    expect(await read(spec, "cert-manager.io/v1", "Certificate", "tenant")).not.toBeNull();
  });

  it("rolls the other services with the new service's URL when one is added, and removes it with its URL", async () => {
    const first = deploymentSpec({
      database: null,
      services: [service({ name: "web", source: image })],
    });
    expect((await harness.run(first)).terminal?.type).toBe("deployment.ready");
    const namespace = tenantNamespace(first);
    const envOf = async (name: string, port: number) =>
      JSON.parse(await harness.kube.proxyGet(namespace, name, port, "/env")) as Record<
        string,
        string
      >;
    expect((await envOf("web", 3000)).ENCLAVE_SERVICE_API_URL).toBeUndefined();

    const added = later(first, [
      service({ name: "web", source: image }),
      service({ name: "api", source: image, port: 8080 }),
    ]);
    const { terminal } = await harness.run(added);
    expect(terminal?.type, terminal?.message).toBe("deployment.ready");
    expect((await envOf("web", 3000)).ENCLAVE_SERVICE_API_URL).toBe(
      `http://api.${namespace}.svc.cluster.local:8080`,
    );
    expect((await envOf("api", 8080)).ENCLAVE_SERVICE_WEB_URL).toBe(
      `http://web.${namespace}.svc.cluster.local:3000`,
    );

    const removed = later(first, [service({ name: "web", source: image })]);
    const after = await harness.run(removed);
    expect(after.terminal?.type, after.terminal?.message).toBe("deployment.ready");
    expect((await envOf("web", 3000)).ENCLAVE_SERVICE_API_URL).toBeUndefined();
    for (const [apiVersion, kind, name] of [
      ["apps/v1", "Deployment", "api"],
      ["v1", "Service", "api"],
      ["v1", "Secret", "api-env"],
    ] as const) {
      expect(await read(first, apiVersion, kind, name), `${kind}/${name}`).toBeNull();
    }
    expect(await read(first, "apps/v1", "Deployment", "web")).not.toBeNull();
  });

  it("runs a worker without a port or Service and a cron service as a hardened CronJob", async () => {
    const spec = deploymentSpec({
      database: null,
      services: [
        service({ name: "web", source: image }),
        service({
          name: "jobs",
          source: image,
          kind: "worker",
          port: null,
          command: ["node", "worker.js"],
        }),
        service({
          name: "report",
          source: image,
          kind: "cron",
          port: null,
          schedule: "*/15 * * * *",
          command: ["node", "report.js"],
          concurrencyPolicy: "Replace",
        }),
      ],
    });
    const { terminal } = await harness.run(spec);
    expect(terminal?.type, terminal?.message).toBe("deployment.ready");
    const worker = await read<IDeployment>(spec, "apps/v1", "Deployment", "jobs");
    const container = worker?.spec?.template.spec?.containers[0];
    expect(container?.ports).toBeUndefined();
    expect(container?.livenessProbe).toBeUndefined();
    expect(container?.command).toEqual(["node", "worker.js"]);
    expect(container?.env?.map((e) => e.name)).toContain("ENCLAVE_SERVICE_WEB_URL");
    expect(await read(spec, "v1", "Service", "jobs")).toBeNull();
    const cron = await read<ICronJob>(spec, "batch/v1", "CronJob", "report");
    expect(cron?.spec?.schedule).toBe("*/15 * * * *");
    expect(cron?.spec?.concurrencyPolicy).toBe("Replace");
    const pod = cron?.spec?.jobTemplate.spec?.template.spec;
    expect(pod?.automountServiceAccountToken).toBe(false);
    expect(pod?.securityContext?.runAsNonRoot).toBe(true);
    expect(pod?.containers[0]?.resources?.limits).toMatchObject({ cpu: "500m", memory: "512Mi" });
    expect(await read(spec, "apps/v1", "Deployment", "report")).toBeNull();
    // The web service's siblings are the services with a URL: workers and crons have none.
    const web = await read<IDeployment>(spec, "apps/v1", "Deployment", "web");
    const names = web?.spec?.template.spec?.containers[0]?.env?.map((e) => e.name) ?? [];
    expect(names.filter((name) => name.startsWith("ENCLAVE_SERVICE_"))).toEqual([]);
  });
});
