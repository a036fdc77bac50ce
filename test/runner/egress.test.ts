import { describe, expect, it } from "vitest";
import { buildNetworkPolicyManifests } from "../../runner/manifests/build-network.ts";
import { networkPolicyManifests } from "../../runner/manifests/network.ts";
import { defaultPlatformConfig } from "../../worker/contracts/index.ts";
import { egressAllowed } from "./support/egress.ts";
import { deploymentSpec } from "./support/fixtures.ts";

/** Cluster networks outside the private ranges, so only the cluster CIDR settings can deny them. */
const config = defaultPlatformConfig();
config.cluster.podCidr = "198.18.0.0/16";
config.cluster.serviceCidr = "198.19.0.0/16";
const spec = deploymentSpec({ config });

const policySets = [
  ["a tenant namespace", networkPolicyManifests(spec)],
  ["the build namespace", buildNetworkPolicyManifests(config.cluster)],
] as const;

const UNREACHABLE = [
  ["10/8", "10.12.0.7"],
  ["172.16/12", "172.20.1.1"],
  ["192.168/16", "192.168.1.10"],
  ["100.64/10 (carrier-grade NAT)", "100.100.100.200"],
  ["169.254/16 (cloud metadata)", "169.254.169.254"],
  ["fc00::/7 (IPv6 unique local)", "fd00:ec2::254"],
  ["the cluster's pod network", "198.18.3.4"],
  ["the cluster's service network", "198.19.0.10"],
] as const;

describe.each(policySets)("egress from %s", (_, policies) => {
  it.each(UNREACHABLE)("never reaches %s", (_, address) => {
    for (const port of [80, 443, 5432, 8080]) {
      expect(egressAllowed([...policies], address, port, "TCP"), `${address}:${port}`).toBe(false);
    }
    expect(egressAllowed([...policies], address, 53, "UDP")).toBe(false);
  });

  it("sends DNS only to the cluster's DNS: no public resolver on 53 or 853", () => {
    for (const resolver of ["8.8.8.8", "1.1.1.1", "9.9.9.9"]) {
      expect(egressAllowed([...policies], resolver, 53, "UDP")).toBe(false);
      expect(egressAllowed([...policies], resolver, 53, "TCP")).toBe(false);
      expect(egressAllowed([...policies], resolver, 853, "TCP")).toBe(false);
    }
    const dns = policies
      .flatMap((p) => p.spec?.egress ?? [])
      .filter((rule) => rule.ports?.some((port) => port.port === 53));
    expect(dns.length).toBeGreaterThan(0);
    for (const rule of dns) {
      expect(rule.to).toEqual([
        {
          namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } },
          podSelector: { matchLabels: { "k8s-app": "kube-dns" } },
        },
      ]);
    }
  });

  it("still reaches the public internet (git hosts, registries, APIs)", () => {
    expect(egressAllowed([...policies], "140.82.112.3", 443, "TCP")).toBe(true);
    expect(egressAllowed([...policies], "151.101.0.223", 80, "TCP")).toBe(true);
  });

  it("starts from a default deny in both directions", () => {
    const deny = policies.find((p) => p.metadata.name === "default-deny");
    expect(deny?.spec).toEqual({ podSelector: {}, policyTypes: ["Ingress", "Egress"] });
  });
});

describe("the build namespace's policies", () => {
  it("open no ingress at all", () => {
    const policies = buildNetworkPolicyManifests(config.cluster);
    expect(policies.flatMap((p) => p.spec?.ingress ?? [])).toEqual([]);
  });

  it("let builds push to an in-cluster registry on its port, and to nothing else in its namespace", () => {
    const [, egress] = buildNetworkPolicyManifests(config.cluster);
    const registry = egress?.spec?.egress?.find((rule) =>
      rule.to?.some(
        (peer) =>
          peer.namespaceSelector?.matchLabels?.["kubernetes.io/metadata.name"] === "enclave-system",
      ),
    );
    expect(registry?.ports).toEqual([{ protocol: "TCP", port: 5000 }]);
    const external = buildNetworkPolicyManifests({ ...config.cluster, registry: "ghcr.io/acme" });
    expect(JSON.stringify(external)).not.toContain("enclave-system");
  });
});
