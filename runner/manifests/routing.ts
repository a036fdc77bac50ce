import type { ICertificate } from "@kubernetes-models/cert-manager/cert-manager.io/v1";
import type { IIngressRoute } from "@kubernetes-models/traefik/traefik.io/v1alpha1";
import type { DeploymentSpec, SpecService } from "../../worker/contracts/index.ts";
import type { Named } from "../kube/objects.ts";
import { LABEL, tenantLabels, tenantNamespace } from "./labels.ts";
import { isWebService } from "./workload.ts";

const TLS_SECRET = "tenant-tls";
/** Marks the IngressRoute and Certificate of a public service's own platform host. */
export const SERVICE_HOST_LABEL = "enclave.dev/route";
const SERVICE_HOST = "service-host";
export const serviceHostSelector = `${SERVICE_HOST_LABEL}=${SERVICE_HOST}`;

type WebService = SpecService & { port: number };

/**
 * The web services routed from outside. A spec whose services do not say falls back to the
 * rule from before they could: the first service is public, the others internal.
 */
export const publicServices = (spec: DeploymentSpec): WebService[] =>
  spec.services
    .filter((service) => service.public ?? service === spec.services[0])
    .filter(isWebService);

/** `<service>--<slug>.<base domain>`: the host of a public service other than the first. */
export const serviceHost = (spec: DeploymentSpec, service: Pick<SpecService, "name">) =>
  `${service.name}--${spec.tenant.slug}.${spec.config.baseDomain}`;

/** Each public service after the first, with the host it gets. */
export const serviceHosts = (spec: DeploymentSpec) =>
  publicServices(spec)
    .slice(1)
    .map((service) => ({ service, host: serviceHost(spec, service) }));

/** `<slug>.<base domain>`: custom domains have their own objects (`custom-domains.ts`). */
export function tenantHosts(spec: DeploymentSpec): string[] {
  return [`${spec.tenant.slug}.${spec.config.baseDomain}`];
}

/**
 * The first public service is the tenant's entry at `<slug>.<base domain>` and its custom
 * domains; other public services get hosts of their own, and the rest stay internal, reached
 * through the URLs injected into their siblings.
 */
export function ingressRouteManifest(spec: DeploymentSpec): Named<IIngressRoute> {
  const entry = publicServices(spec)[0];
  if (!entry) throw new Error("a deployment without a public service has nothing to route");
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

/**
 * A public service's own host, with its own IngressRoute and Certificate (both named after the
 * service): a host whose certificate cannot be issued never holds up another's.
 */
export function serviceHostManifests(
  spec: DeploymentSpec,
  service: WebService,
): { ingressRoute: Named<IIngressRoute>; certificate: Named<ICertificate> } {
  const host = serviceHost(spec, service);
  const secretName = `${service.name}-host-tls`;
  const metadata = {
    name: `${service.name}-host`,
    namespace: tenantNamespace(spec),
    labels: {
      ...tenantLabels(spec),
      [SERVICE_HOST_LABEL]: SERVICE_HOST,
      [LABEL.service]: service.name,
    },
  };
  return {
    ingressRoute: {
      apiVersion: "traefik.io/v1alpha1",
      kind: "IngressRoute",
      metadata,
      spec: {
        entryPoints: [spec.config.cluster.tlsEntryPoint],
        routes: [
          {
            kind: "Rule",
            match: `Host(\`${host}\`)`,
            services: [{ name: service.name, port: service.port }],
          },
        ],
        tls: { secretName },
      },
    },
    certificate: {
      apiVersion: "cert-manager.io/v1",
      kind: "Certificate",
      metadata,
      spec: {
        secretName,
        dnsNames: [host],
        issuerRef: { kind: "ClusterIssuer", name: spec.config.cluster.clusterIssuer },
      },
    },
  };
}
