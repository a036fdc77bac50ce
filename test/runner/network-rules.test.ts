import type { INetworkPolicy } from "kubernetes-models/networking.k8s.io/v1";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tenantNamespace } from "../../runner/manifests/labels.ts";
import { networkPolicyManifests } from "../../runner/manifests/network.ts";
import { networkRulePolicies } from "../../runner/manifests/network-rules.ts";
import type { DeploymentSpec, SpecNetworkRule } from "../../worker/contracts/index.ts";
import { egressAllowed } from "./support/egress.ts";
import { deploymentSpec, testId } from "./support/fixtures.ts";
import { Harness } from "./support/harness.ts";
import { ingressAdmits } from "./support/ingress.ts";

const rule = (
  id: string,
  cidr: string,
  overrides: Partial<SpecNetworkRule> = {},
): SpecNetworkRule => ({
  id: `nrl_${id.padStart(20, "0")}`,
  cidr,
  protocol: "TCP",
  ports: [],
  ...overrides,
});

describe("network rules as policies", () => {
  it("open egress to their CIDR on their ports only", () => {
    const spec = deploymentSpec({
      networkRules: [
        rule("db", "10.20.0.0/16", { ports: [5432] }),
        rule("dns", "203.0.113.53/32", { protocol: "UDP", ports: [53] }),
      ],
    });
    const policies = [...networkPolicyManifests(spec), ...networkRulePolicies(spec)];
    expect(egressAllowed(policies, "10.20.1.2", 5432, "TCP")).toBe(true);
    expect(egressAllowed(policies, "10.20.1.2", 22, "TCP")).toBe(false);
    expect(egressAllowed(policies, "10.21.1.2", 5432, "TCP")).toBe(false);
    expect(egressAllowed(policies, "203.0.113.53", 53, "UDP")).toBe(true);
    expect(egressAllowed(policies, "203.0.113.53", 53, "TCP")).toBe(false);
  });

  it("open every port but DNS's when they name none", () => {
    const spec = deploymentSpec({ networkRules: [rule("all", "10.30.0.0/16")] });
    const policies = [...networkPolicyManifests(spec), ...networkRulePolicies(spec)];
    for (const port of [22, 5432, 8443])
      expect(egressAllowed(policies, "10.30.0.9", port, "TCP")).toBe(true);
    for (const port of [53, 853])
      expect(egressAllowed(policies, "10.30.0.9", port, "TCP")).toBe(false);
  });

  it("can never admit another tenant's pods, whatever CIDR a rule names", () => {
    const spec = deploymentSpec();
    const { podCidr, serviceCidr } = spec.config.cluster;
    const cidrs = [
      "0.0.0.0/0",
      podCidr,
      serviceCidr,
      "10.0.0.0/8",
      "10.42.7.9/32",
      "169.254.0.0/16",
    ];
    const rules = cidrs.flatMap((cidr, i) => [
      rule(`t${i}`, cidr),
      rule(`u${i}`, cidr, { protocol: "UDP", ports: [53, 443] }),
    ]);
    const policies = [
      ...networkPolicyManifests(spec),
      ...networkRulePolicies(deploymentSpec({ ...spec, networkRules: rules })),
    ];
    const other = deploymentSpec();
    const otherNamespace = tenantNamespace(other);
    for (const ip of ["10.42.3.4", "10.42.0.1", "10.43.0.10"]) {
      const source = {
        namespace: otherNamespace,
        namespaceLabels: {
          "kubernetes.io/metadata.name": otherNamespace,
          "enclave.dev/tenant": other.tenant.id,
        },
        podLabels: { "app.kubernetes.io/name": "web" },
        ip,
      };
      expect(ingressAdmits(policies, tenantNamespace(spec), source), ip).toBe(false);
    }
    for (const policy of networkRulePolicies(deploymentSpec({ ...spec, networkRules: rules }))) {
      expect(policy.spec?.policyTypes).toEqual(["Egress"]);
      expect(policy.spec?.ingress).toBeUndefined();
    }
    // The evaluator does see an opening when there is one: the tenant's own pods get in.
    expect(
      ingressAdmits(policies, tenantNamespace(spec), {
        namespace: tenantNamespace(spec),
        namespaceLabels: { "kubernetes.io/metadata.name": tenantNamespace(spec) },
        podLabels: {},
        ip: "10.42.9.9",
      }),
    ).toBe(true);
  });
});

describe("network rules on the embedded cluster", () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await Harness.start();
  });
  afterAll(() => harness.close());

  const rulePolicies = async (spec: DeploymentSpec) =>
    (
      await harness.kube.list<INetworkPolicy>(
        "networking.k8s.io/v1",
        "NetworkPolicy",
        tenantNamespace(spec),
        {
          labelSelector: "enclave.dev/network-rule=true",
        },
      )
    )
      .map((policy) => policy.metadata.name)
      .sort();

  it("are applied with the namespace and converged alone by a network change", async () => {
    const first = deploymentSpec({ database: null, networkRules: [rule("a", "203.0.113.0/24")] });
    const ready = await harness.run(first);
    expect(ready.terminal?.type, ready.terminal?.message).toBe("deployment.ready");
    expect(await rulePolicies(first)).toEqual(["nrl-0000000000000000000a"]);

    const images = ready.terminal?.data?.images as Record<string, string>;
    const { events, terminal } = await harness.run({
      ...first,
      deployment: { id: testId("dep"), attempt: 1, kind: "provision" },
      tenant: { ...first.tenant, wasReady: true },
      networkRules: [rule("b", "198.51.100.0/24", { ports: [443] })],
      rollout: { services: [], images },
      reconcile: "network_rules",
    });
    expect(terminal?.type, terminal?.message).toBe("deployment.ready");
    expect(await rulePolicies(first)).toEqual(["nrl-0000000000000000000b"]);
    const namespace = events.find((e) => e.stage === "namespace" && e.type === "stage.completed");
    expect(namespace?.data).toEqual({
      applied: ["nrl-0000000000000000000b"],
      removed: ["nrl-0000000000000000000a"],
    });
    expect(events.some((e) => e.stage === "build" || e.stage === "route")).toBe(false);
  });
});
