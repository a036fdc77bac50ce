import type { ICertificate } from "@kubernetes-models/cert-manager/cert-manager.io/v1";
import type { IIngressRoute } from "@kubernetes-models/traefik/traefik.io/v1alpha1";
import type { DeploymentSpec } from "../../worker/contracts/index.ts";
import type { Named } from "../kube/objects.ts";
import { tenantLabels, tenantNamespace } from "./labels.ts";

const TLS_SECRET = "tenant-tls";

/** `<slug>.<base domain>`: custom domains have their own objects (`custom-domains.ts`). */
export function tenantHosts(spec: DeploymentSpec): string[] {
  return [`${spec.tenant.slug}.${spec.config.baseDomain}`];
}

/**
 * The first service is the tenant's public entry; the others stay internal and are reached
 * through the URLs injected into their siblings.
 */
export function ingressRouteManifest(spec: DeploymentSpec): Named<IIngressRoute> {
  const entry = spec.services[0];
  if (!entry) throw new Error("a deployment without services has nothing to route");
  const match = tenantHosts(spec)
    .map((host) => `Host(\`${host}\`)`)
    .join(" || ");
  return {
    apiVersion: "traefik.io/v1alpha1",
    kind: "IngressRoute",
    metadata: { name: "tenant", namespace: tenantNamespace(spec), labels: tenantLabels(spec) },
    spec: {
      entryPoints: [spec.config.cluster.tlsEntryPoint],
      routes: [{ kind: "Rule", match, services: [{ name: entry.name, port: entry.port }] }],
      tls: { secretName: TLS_SECRET },
    },
  };
}

export function certificateManifest(spec: DeploymentSpec): Named<ICertificate> {
  return {
    apiVersion: "cert-manager.io/v1",
    kind: "Certificate",
    metadata: { name: "tenant", namespace: tenantNamespace(spec), labels: tenantLabels(spec) },
    spec: {
      secretName: TLS_SECRET,
      dnsNames: tenantHosts(spec),
      issuerRef: { kind: "ClusterIssuer", name: spec.config.cluster.clusterIssuer },
    },
  };
}
