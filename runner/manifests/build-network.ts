import type {
  INetworkPolicy,
  INetworkPolicyEgressRule,
} from "kubernetes-models/networking.k8s.io/v1";
import type { PlatformConfig } from "../../worker/contracts/index.ts";
import type { Named } from "../kube/objects.ts";
import { LABEL, MANAGED_BY } from "./labels.ts";
import { DNS_EGRESS, internetEgress, namespaceNamed } from "./network.ts";

type Cluster = PlatformConfig["cluster"];

/** `name.namespace.svc[.cluster.local][:port]`: a registry served from inside the cluster. */
const IN_CLUSTER_HOST = /^[a-z0-9-]+\.([a-z0-9-]+)\.svc(?:\.[a-z0-9.-]+)?(?::(\d+))?$/;

/** Egress to the registry builds push to, when it runs inside the cluster (the internet rule covers the rest). */
export function registryEgress(registry: string): INetworkPolicyEgressRule | null {
  const match = IN_CLUSTER_HOST.exec(registry.split("/")[0] ?? "");
  if (!match) return null;
  const [, namespace, port] = match;
  return {
    to: [namespaceNamed(namespace as string)],
    ports: [{ protocol: "TCP", port: port ? Number(port) : 443 }],
  };
}

function policy(
  cluster: Cluster,
  name: string,
  body: Omit<NonNullable<INetworkPolicy["spec"]>, "podSelector">,
): Named<INetworkPolicy> {
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: {
      name,
      namespace: cluster.buildNamespace,
      labels: { [LABEL.managedBy]: MANAGED_BY },
    },
    spec: { podSelector: {}, ...body },
  };
}

/**
 * Build pods run code from tenants' repositories (their Dockerfiles' RUN steps), so their
 * namespace denies everything by default, takes no ingress at all, and opens egress only to
 * DNS, the registry and the internet minus private, metadata and cluster networks: a build can
 * fetch its sources and base images but never reach a tenant, the runner or the API server.
 */
export function buildNetworkPolicyManifests(cluster: Cluster): Named<INetworkPolicy>[] {
  const registry = registryEgress(cluster.registry);
  return [
    policy(cluster, "default-deny", { policyTypes: ["Ingress", "Egress"] }),
    policy(cluster, "allow-build-egress", {
      policyTypes: ["Egress"],
      egress: [DNS_EGRESS, ...(registry ? [registry] : []), internetEgress(cluster)],
    }),
  ];
}
