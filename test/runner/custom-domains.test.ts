import type { ICertificate } from "@kubernetes-models/cert-manager/cert-manager.io/v1";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tenantNamespace } from "../../runner/manifests/labels.ts";
import { certificateState } from "../../runner/pipeline/custom-domains.ts";
import type { DeploymentSpec } from "../../worker/contracts/index.ts";
import { deploymentSpec, testId } from "./support/fixtures.ts";
import { Harness } from "./support/harness.ts";

const SHOP = { id: "dom_0000000000000000shop", domain: "shop.example.com" };
const BLOG = { id: "dom_0000000000000000blog", domain: "blog.example.com" };

describe("custom domains in the route stage", () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await Harness.start();
  });
  afterAll(() => harness.close());

  const read = (spec: DeploymentSpec, kind: "Certificate" | "IngressRoute", name: string) =>
    harness.kube.read({
      apiVersion: kind === "Certificate" ? "cert-manager.io/v1" : "traefik.io/v1alpha1",
      kind,
      metadata: { name, namespace: tenantNamespace(spec) },
    });

  it("routes each verified domain with its own certificate and reports its state", async () => {
    const spec = deploymentSpec({ database: null, customDomains: [SHOP, BLOG] });
    const { events, terminal } = await harness.run(spec);
    expect(terminal?.type, terminal?.message).toBe("deployment.ready");
    expect(terminal?.data?.customDomains).toEqual([
      { domain: "shop.example.com", certificate: "issued" },
      { domain: "blog.example.com", certificate: "issued" },
    ]);
    const route = events.find((e) => e.stage === "route" && e.type === "stage.completed");
    expect(route?.data?.customDomains).toEqual(terminal?.data?.customDomains);
    expect(route?.data?.url).toBe(`https://${spec.tenant.slug}.enclave.localhost`);
    expect(await read(spec, "Certificate", "dom-0000000000000000shop")).not.toBeNull();
    expect(await read(spec, "IngressRoute", "dom-0000000000000000blog")).not.toBeNull();

    // A domain that is no longer verified (removed) loses its route and certificate.
    const again = await harness.run({
      ...spec,
      deployment: { id: testId("dep"), attempt: 1, kind: "provision" },
      tenant: { ...spec.tenant, wasReady: true },
      customDomains: [SHOP],
    });
    expect(again.terminal?.type).toBe("deployment.ready");
    expect(await read(spec, "IngressRoute", "dom-0000000000000000blog")).toBeNull();
    expect(await read(spec, "Certificate", "dom-0000000000000000blog")).toBeNull();
    expect(await read(spec, "IngressRoute", "dom-0000000000000000shop")).not.toBeNull();
  });

  it("never holds the deployment on a custom domain's certificate: it is reported pending", async () => {
    const base = deploymentSpec({ database: null });
    const spec = deploymentSpec({
      database: null,
      customDomains: [SHOP],
      config: {
        ...base.config,
        timeouts: { ...base.config.timeouts, customDomainCertificateSeconds: 0 },
      },
    });
    const { terminal } = await harness.run(spec);
    expect(terminal?.type, terminal?.message).toBe("deployment.ready");
    expect(terminal?.data?.customDomains).toEqual([
      expect.objectContaining({ domain: "shop.example.com", certificate: "pending" }),
    ]);
  });

  it("re-routes only, on the serving images, for a domain change", async () => {
    const first = deploymentSpec({ database: null });
    const ready = await harness.run(first);
    expect(ready.terminal?.type).toBe("deployment.ready");
    const images = ready.terminal?.data?.images as Record<string, string>;
    const { events, terminal } = await harness.run({
      ...first,
      deployment: { id: testId("dep"), attempt: 1, kind: "provision" },
      tenant: { ...first.tenant, wasReady: true },
      customDomains: [SHOP],
      rollout: { services: [], images },
      reconcile: "custom_domains",
    });
    expect(terminal?.type, terminal?.message).toBe("deployment.ready");
    expect(terminal?.data?.images).toEqual(images);
    // The env rollout's deploy stage rolls no service; nothing is detected, built or health-checked.
    expect([...new Set(events.flatMap((e) => (e.stage ? [e.stage] : [])))]).toEqual([
      "deploy",
      "route",
    ]);
    expect(await read(first, "IngressRoute", "dom-0000000000000000shop")).not.toBeNull();
  });
});

describe("a custom domain's certificate state", () => {
  const certificate = (conditions: object[]) => ({ status: { conditions } }) as ICertificate;

  it("is issued once Ready, failed when cert-manager gave up, else pending with why", () => {
    expect(
      certificateState("a.example.com", certificate([{ type: "Ready", status: "True" }])),
    ).toEqual({ domain: "a.example.com", certificate: "issued" });
    expect(
      certificateState(
        "a.example.com",
        certificate([
          { type: "Ready", status: "False", message: "Issuing certificate" },
          { type: "Issuing", status: "False", reason: "Failed", message: "CAA forbids it" },
        ]),
      ),
    ).toEqual({ domain: "a.example.com", certificate: "failed", message: "CAA forbids it" });
    expect(
      certificateState(
        "a.example.com",
        certificate([{ type: "Ready", status: "False", message: "waiting for the challenge" }]),
      ),
    ).toEqual({
      domain: "a.example.com",
      certificate: "pending",
      message: "waiting for the challenge",
    });
    expect(certificateState("a.example.com", undefined).certificate).toBe("pending");
  });
});
