import { describe, expect, it } from "vitest";
import type { KubeObject, Named } from "../../runner/kube/objects.ts";
import { buildJobManifest, dockerfileConfigMapManifest } from "../../runner/manifests/build.ts";
import { cronJobManifest } from "../../runner/manifests/cronjob.ts";
import {
  customDomainCertificate,
  customDomainIngressRoute,
} from "../../runner/manifests/custom-domains.ts";
import {
  databaseSecretManifest,
  databaseServiceManifest,
  databaseStatefulSetManifest,
  databaseUrl,
} from "../../runner/manifests/database.ts";
import { LABEL, tenantNamespace } from "../../runner/manifests/labels.ts";
import { namespaceManifest } from "../../runner/manifests/namespace.ts";
import { networkPolicyManifests } from "../../runner/manifests/network.ts";
import { networkRulePolicies } from "../../runner/manifests/network-rules.ts";
import { limitRangeManifest, resourceQuotaManifest } from "../../runner/manifests/quota.ts";
import {
  roleBindingManifest,
  roleManifest,
  serviceAccountManifest,
} from "../../runner/manifests/rbac.ts";
import {
  certificateManifest,
  ingressRouteManifest,
  publicServices,
  serviceHostManifests,
} from "../../runner/manifests/routing.ts";
import { validateObject } from "../../runner/manifests/validate.ts";
import {
  deploymentManifest,
  envSecretManifest,
  RESTARTED_AT_ANNOTATION,
  serviceManifest,
} from "../../runner/manifests/workload.ts";
import { deploymentSpec, service } from "./support/fixtures.ts";
import { restrictedViolations } from "./support/pod-security.ts";

type Json = Record<string, unknown>;
const at = (object: unknown, ...path: (string | number)[]): unknown =>
  path.reduce<unknown>((value, key) => (value as Record<string | number, unknown>)?.[key], object);

describe("tenant manifests", () => {
  const spec = deploymentSpec({
    services: [service({ name: "web" }), service({ name: "api-worker", port: 8080 })],
    customDomains: [{ id: "dom_0123456789abcdefghjk", domain: "shop.example.com" }],
    networkRules: [
      { id: "nrl_0123456789abcdefghjk", cidr: "203.0.113.0/24", protocol: "TCP", ports: [5432] },
    ],
  });
  const [customDomain] = spec.customDomains;
  const workload = { service: spec.services[0]!, image: "reg/x@sha256:abc", platformEnv: {} };
  const all: Named<KubeObject>[] = [
    namespaceManifest(spec),
    serviceAccountManifest(spec),
    roleManifest(spec),
    roleBindingManifest(spec),
    resourceQuotaManifest(spec),
    limitRangeManifest(spec),
    ...networkPolicyManifests(spec),
    envSecretManifest(spec, workload),
    deploymentManifest(spec, workload),
    serviceManifest(spec, spec.services[0]!),
    databaseSecretManifest(spec, spec.database!, "pw"),
    databaseStatefulSetManifest(spec, spec.database!, "pw"),
    databaseServiceManifest(spec, spec.database!),
    ingressRouteManifest(spec),
    certificateManifest(spec),
    customDomainIngressRoute(spec, customDomain!),
    customDomainCertificate(spec, customDomain!),
    ...networkRulePolicies(spec),
  ];

  it("are valid against the upstream schemas and carry the ownership labels", () => {
    for (const manifest of all) {
      expect(() => validateObject(manifest), manifest.kind).not.toThrow();
      expect(manifest.metadata.labels?.[LABEL.managedBy]).toBe("enclave");
      expect(manifest.metadata.labels?.[LABEL.tenant]).toBe(spec.tenant.id);
      expect(manifest.metadata.labels?.[LABEL.deployment]).toBe(spec.deployment.id);
    }
  });

  it("label pod templates as the tenant's, so a label query finds the pods and ReplicaSets", () => {
    const other = deploymentSpec({ ...spec, deployment: { ...spec.deployment, id: "dep_other" } });
    for (const build of [
      (s: typeof spec) => deploymentManifest(s, workload),
      (s: typeof spec) => databaseStatefulSetManifest(s, s.database!, "pw"),
    ]) {
      const labels = at(build(spec), "spec", "template", "metadata", "labels") as Json;
      expect(labels[LABEL.managedBy]).toBe("enclave");
      expect(labels[LABEL.tenant]).toBe(spec.tenant.id);
      // A redeploy of the same pods must not change the template.
      expect(at(build(other), "spec", "template")).toEqual(at(build(spec), "spec", "template"));
    }
  });

  it("are pure: the same spec builds the same objects", () => {
    expect(deploymentManifest(spec, workload)).toEqual(deploymentManifest(spec, workload));
    expect(databaseStatefulSetManifest(spec, spec.database!, "pw")).toEqual(
      databaseStatefulSetManifest(spec, spec.database!, "pw"),
    );
  });

  it("label the namespace for the tenant and enforce restricted Pod Security", () => {
    const labels = namespaceManifest(spec).metadata.labels ?? {};
    expect(labels[LABEL.organization]).toBe(spec.tenant.organizationId);
    expect(labels[LABEL.plan]).toBe("starter");
    for (const mode of ["enforce", "audit", "warn"]) {
      expect(labels[`pod-security.kubernetes.io/${mode}`]).toBe("restricted");
    }
  });

  it("give the tenant a read-only role without secrets, wildcards or escalation", () => {
    expect(serviceAccountManifest(spec).automountServiceAccountToken).toBe(false);
    const rules = roleManifest(spec).rules as { resources: string[]; verbs: string[] }[];
    for (const rule of rules) {
      expect(rule.resources).not.toContain("secrets");
      expect(rule.resources).not.toContain("*");
      expect(rule.verbs).not.toContain("*");
      for (const verb of ["escalate", "bind", "impersonate", "create", "delete"]) {
        expect(rule.verbs).not.toContain(verb);
      }
    }
  });

  it("size quota and limit range from the plan", () => {
    const plan = spec.config.plans.starter!;
    const hard = at(resourceQuotaManifest(spec), "spec", "hard") as Json;
    expect(hard["limits.memory"]).toBe(plan.limitsMemory);
    expect(hard.pods).toBe(String(plan.pods));
    expect(at(limitRangeManifest(spec), "spec", "limits", 0, "default", "cpu")).toBe(
      plan.containerLimitCpu,
    );
  });

  it("deny by default and open only DNS, the namespace, ingress and the internet", () => {
    const [deny, ingress, egress] = networkPolicyManifests(spec);
    expect(at(deny, "spec")).toEqual({ podSelector: {}, policyTypes: ["Ingress", "Egress"] });
    expect(JSON.stringify(ingress)).toContain("enclave-system");
    expect(JSON.stringify(ingress)).toContain(spec.config.cluster.ingressNamespace);
    const internet = at(egress, "spec", "egress", 2, "to", 0, "ipBlock") as Json;
    expect(internet.cidr).toBe("0.0.0.0/0");
    expect(internet.except).toContain("169.254.0.0/16");
    expect(internet.except).toContain("10.0.0.0/8");
    expect(JSON.stringify(at(egress, "spec", "egress", 1))).toContain('"port":53');
  });

  it("make every tenant pod template pass restricted Pod Security", () => {
    for (const manifest of all.filter((m) => m.kind === "Deployment" || m.kind === "StatefulSet")) {
      const pod = at(manifest, "spec", "template", "spec") as never;
      expect(restrictedViolations(pod), manifest.kind).toEqual([]);
    }
  });

  it("inject sibling URLs but not the service's own, and keep env in the Secret", () => {
    const env = at(
      deploymentManifest(spec, workload),
      "spec",
      "template",
      "spec",
      "containers",
      0,
      "env",
    );
    const names = (env as { name: string; value: string }[]).map((e) => e.name);
    expect(names).toContain("ENCLAVE_SERVICE_API_WORKER_URL");
    expect(names).not.toContain("ENCLAVE_SERVICE_WEB_URL");
    expect(JSON.stringify(deploymentManifest(spec, workload))).not.toContain("s3cret-value");
    const secret = envSecretManifest(spec, {
      ...workload,
      platformEnv: { DATABASE_URL: "pg://x" },
    });
    expect(Buffer.from(String(at(secret, "data", "API_KEY")), "base64").toString()).toBe(
      "s3cret-value",
    );
  });

  it("roll the pods when the env changes", () => {
    const annotation = (value: string) =>
      at(
        deploymentManifest(spec, {
          ...workload,
          service: { ...workload.service, env: { K: value } },
        }),
        "spec",
        "template",
        "metadata",
        "annotations",
        "enclave.dev/env-checksum",
      );
    expect(annotation("a")).not.toBe(annotation("b"));
  });

  it("point DATABASE_URL at the database Service", () => {
    expect(databaseUrl(spec, spec.database!, "pw")).toBe(
      `postgres://app:pw@database.${tenantNamespace(spec)}.svc.cluster.local:5432/app`,
    );
  });

  it("route the slug host over TLS with a certificate from the issuer", () => {
    const route = ingressRouteManifest(spec);
    expect(at(route, "spec", "entryPoints")).toEqual(["websecure"]);
    expect(at(route, "spec", "routes", 0, "match")).toBe(
      `Host(\`${spec.tenant.slug}.enclave.localhost\`)`,
    );
    const certificate = certificateManifest(spec);
    expect(at(certificate, "spec", "dnsNames")).toEqual([`${spec.tenant.slug}.enclave.localhost`]);
    expect(at(certificate, "spec", "issuerRef", "name")).toBe("letsencrypt");
  });

  it("give each custom domain its own certificate and route to the first service", () => {
    const route = customDomainIngressRoute(spec, customDomain!);
    const certificate = customDomainCertificate(spec, customDomain!);
    expect(route.metadata.name).toBe("dom-0123456789abcdefghjk");
    expect(at(route, "spec", "routes", 0, "match")).toBe("Host(`shop.example.com`)");
    expect(at(route, "spec", "routes", 0, "services")).toEqual([{ name: "web", port: 3000 }]);
    expect(at(certificate, "spec", "dnsNames")).toEqual(["shop.example.com"]);
    expect(at(certificate, "spec", "secretName")).toBe(at(route, "spec", "tls", "secretName"));
    expect(at(certificate, "spec", "secretName")).not.toBe(
      at(certificateManifest(spec), "spec", "secretName"),
    );
  });

  it("render each network rule as an egress-only policy named by the rule", () => {
    const [policy] = networkRulePolicies(spec);
    expect(policy?.metadata.name).toBe("nrl-0123456789abcdefghjk");
    expect(policy?.spec).toEqual({
      podSelector: {},
      policyTypes: ["Egress"],
      egress: [
        { to: [{ ipBlock: { cidr: "203.0.113.0/24" } }], ports: [{ protocol: "TCP", port: 5432 }] },
      ],
    });
  });
});

describe("service kinds, replicas, restarts and hosts", () => {
  const spec = deploymentSpec({
    database: null,
    services: [
      service({ name: "web" }),
      service({ name: "shop", port: 8080, public: true }),
      service({ name: "jobs", kind: "worker", port: null }),
      service({
        name: "report",
        kind: "cron",
        port: null,
        schedule: "0 3 * * *",
        command: ["node", "report.js"],
      }),
    ],
  });
  const input = (index: number) => ({
    service: spec.services[index]!,
    image: "reg/x@sha256:abc",
    platformEnv: { DATABASE_URL: "pg://x" },
  });

  it("build a cron service as a valid, hardened CronJob that forbids overlapping runs by default", () => {
    const cron = cronJobManifest(spec, input(3));
    expect(() => validateObject(cron)).not.toThrow();
    expect(at(cron, "spec", "schedule")).toBe("0 3 * * *");
    expect(at(cron, "spec", "concurrencyPolicy")).toBe("Forbid");
    const pod = at(cron, "spec", "jobTemplate", "spec", "template", "spec") as never;
    expect(restrictedViolations(pod)).toEqual([]);
    expect(at(pod, "automountServiceAccountToken")).toBe(false);
    expect(at(pod, "restartPolicy")).toBe("Never");
    expect(at(pod, "containers", 0, "command")).toEqual(["node", "report.js"]);
    expect(at(pod, "containers", 0, "resources", "limits")).toEqual({
      cpu: "500m",
      memory: "512Mi",
    });
    expect(JSON.stringify(cron)).not.toContain("pg://x");
  });

  it("run a worker without a port, PORT or HTTP probes", () => {
    const worker = deploymentManifest(spec, input(2));
    expect(() => validateObject(worker)).not.toThrow();
    const container = at(worker, "spec", "template", "spec", "containers", 0) as Json;
    expect(container.ports).toBeUndefined();
    expect(container.readinessProbe).toBeUndefined();
    expect(container.livenessProbe).toBeUndefined();
    const names = (container.env as { name: string }[]).map((e) => e.name);
    expect(names).not.toContain("PORT");
    expect(names).toEqual(
      expect.arrayContaining(["ENCLAVE_SERVICE_WEB_URL", "ENCLAVE_SERVICE_SHOP_URL"]),
    );
    expect(names).not.toContain("ENCLAVE_SERVICE_REPORT_URL");
  });

  it("take a scaled service's replicas over the plan's, zero included", () => {
    const scaled = (replicas: number | undefined) =>
      at(
        deploymentManifest(spec, { ...input(0), service: { ...input(0).service, replicas } }),
        "spec",
        "replicas",
      );
    expect(scaled(undefined)).toBe(1);
    expect(scaled(0)).toBe(0);
    expect(scaled(3)).toBe(3);
  });

  it("restart by the pod template's restartedAt annotation, as kubectl rollout restart does", () => {
    const restartedAt = "2026-01-02T03:04:05.000Z";
    const restarted = deploymentManifest(spec, {
      ...input(0),
      service: { ...input(0).service, restartedAt },
    });
    expect(
      at(restarted, "spec", "template", "metadata", "annotations", RESTARTED_AT_ANNOTATION),
    ).toBe(restartedAt);
    expect(RESTARTED_AT_ANNOTATION).toBe("kubectl.kubernetes.io/restartedAt");
    expect(
      at(deploymentManifest(spec, input(0)), "spec", "template", "metadata", "annotations"),
    ).not.toHaveProperty(RESTARTED_AT_ANNOTATION);
  });

  it("give each public service after the first its own host, IngressRoute and Certificate", () => {
    expect(publicServices(spec).map((s) => s.name)).toEqual(["web", "shop"]);
    const { ingressRoute, certificate } = serviceHostManifests(spec, spec.services[1] as never);
    const host = `shop--${spec.tenant.slug}.enclave.localhost`;
    expect(() => validateObject(ingressRoute)).not.toThrow();
    expect(() => validateObject(certificate)).not.toThrow();
    expect(at(ingressRoute, "spec", "routes", 0, "match")).toBe(`Host(\`${host}\`)`);
    expect(at(certificate, "spec", "dnsNames")).toEqual([host]);
    expect(at(certificate, "spec", "secretName")).not.toBe("tenant-tls");
    expect(at(ingressRouteManifest(spec), "spec", "routes", 0, "services", 0, "name")).toBe("web");
  });

  it("make only the first service public when the spec's services do not say", () => {
    const legacy = deploymentSpec({
      services: [service({ name: "web" }), service({ name: "api", port: 8080 })],
    });
    expect(publicServices(legacy).map((s) => s.name)).toEqual(["web"]);
  });
});

describe("build manifests", () => {
  const spec = deploymentSpec();
  const input = {
    service: service({
      source: { type: "git", url: "file:///repo.git", ref: "main", path: "app" },
    }),
    checkout: { url: "file:///repo.git", ref: "main", path: "app" },
    dockerfile: "FROM node:22\n",
  };

  it("put a valid Job and its Dockerfile ConfigMap in the build namespace", () => {
    const job = buildJobManifest(spec, input);
    const configMap = dockerfileConfigMapManifest(spec, input);
    validateObject(job);
    validateObject(configMap);
    expect(job.metadata.namespace).toBe("enclave-builds");
    expect(at(configMap, "data", "Dockerfile")).toBe("FROM node:22\n");
    expect(at(job, "spec", "ttlSecondsAfterFinished")).toBe(3600);
    expect(at(job, "spec", "backoffLimit")).toBe(0);
    expect(JSON.stringify(job)).toContain(`${spec.config.cluster.registry}/${spec.tenant.id}/web:`);
  });

  it("build with Buildah's layer cache in the tenant's cache repository", () => {
    const job = buildJobManifest(spec, input);
    const container = at(job, "spec", "template", "spec", "containers", 0) as {
      command: string[];
      env: { name: string; value: string }[];
    };
    const build = container.command.join(" ").split("\n")[1] ?? "";
    expect(build).toMatch(/^buildah build .*--layers /);
    expect(build).toContain('--cache-from "$CACHE_REPOSITORY" --cache-to "$CACHE_REPOSITORY"');
    expect(container.env).toContainEqual({
      name: "CACHE_REPOSITORY",
      value: `${spec.config.cluster.registry}/build-cache/${spec.tenant.id}/cache`,
    });
    // One cache per tenant: the other tenant's builds never read it.
    const other = buildJobManifest(deploymentSpec(), input);
    expect(JSON.stringify(other)).not.toContain(`build-cache/${spec.tenant.id}/`);
  });

  it("keep the source URL out of the shell script", () => {
    const job = buildJobManifest(spec, {
      ...input,
      checkout: { ...input.checkout, url: "x; rm -rf /" },
    });
    const command = at(job, "spec", "template", "spec", "containers", 0, "command") as string[];
    expect(command.join(" ")).not.toContain("rm -rf");
  });
});
