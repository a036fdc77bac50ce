import { KubeConfig } from "@kubernetes/client-node";
import { Kube } from "../../../runner/kube/client.ts";
import {
  type DeploymentSpec,
  defaultPlatformConfig,
  type JobMessage,
  type SpecService,
} from "../../../worker/contracts/index.ts";

let counter = 0;
/** A fresh contract-valid id, so tests sharing one cluster never collide. */
export function testId(prefix: "ten" | "dep" | "org"): string {
  counter += 1;
  const unique = `${process.pid.toString(36)}${Date.now().toString(36)}${counter.toString(36)}`;
  return `${prefix}_${unique.padStart(20, "0").slice(-20)}`;
}

export function service(overrides: Partial<SpecService> = {}): SpecService {
  return {
    id: "svc_00000000000000000001",
    name: "web",
    source: { type: "image", image: "ghcr.io/acme/web:1.0.0" },
    kind: "web",
    port: 3000,
    healthPath: "/healthz",
    env: { API_KEY: "s3cret-value" },
    ...overrides,
  };
}

export function deploymentSpec(overrides: Partial<DeploymentSpec> = {}): DeploymentSpec {
  const tenantId = testId("ten");
  return {
    deployment: { id: testId("dep"), attempt: 1, kind: "provision" },
    tenant: {
      id: tenantId,
      organizationId: testId("org"),
      name: "Acme",
      slug: `acme-${tenantId.slice(-6)}`,
      plan: "starter",
      labels: {},
      wasReady: false,
    },
    services: [service()],
    database: { engine: "postgres", version: "17", pooling: false },
    customDomains: [],
    networkRules: [],
    credentials: [],
    config: defaultPlatformConfig(),
    earlierBuilds: [],
    progress: { nextSeq: 0 },
    ...overrides,
  };
}

/** The queue message that runs this spec's deployment attempt. */
export function jobFor(spec: DeploymentSpec): JobMessage {
  return {
    type: spec.deployment.kind,
    deploymentId: spec.deployment.id,
    tenantId: spec.tenant.id,
    attempt: spec.deployment.attempt,
  };
}

/** A cluster client for tests that never reach a cluster: nothing listens at its address. */
export function unreachableKube(): Kube {
  const config = new KubeConfig();
  config.loadFromOptions({
    clusters: [{ name: "none", server: "http://127.0.0.1:1" }],
    users: [{ name: "none" }],
    contexts: [{ name: "none", cluster: "none", user: "none" }],
    currentContext: "none",
  });
  return new Kube(config, { inCluster: false });
}
