import type { ICertificate } from "@kubernetes-models/cert-manager/cert-manager.io/v1";
import type { IIngressRoute } from "@kubernetes-models/traefik/traefik.io/v1alpha1";
import type { DeploymentSpec, SpecCustomDomain } from "../../worker/contracts/index.ts";
import type { Named } from "../kube/objects.ts";
import { tenantLabels, tenantNamespace } from "./labels.ts";
import { publicServices } from "./routing.ts";

/** Marks a tenant's custom-domain objects, so those of removed domains can be found and deleted. */
export const CUSTOM_DOMAIN_LABEL = "enclave.dev/custom-domain";

/**
 * Objects are named after the domain's record id (`dom_…` → `dom-…`): a hostname can be longer
 * than an object name may be, and an id never collides with the platform's own names.
 */
export const customDomainObjectName = (domain: SpecCustomDomain): string =>
  domain.id.replace("_", "-");

const metadata = (spec: DeploymentSpec, domain: SpecCustomDomain) => ({
  name: customDomainObjectName(domain),
  namespace: tenantNamespace(spec),
  labels: { ...tenantLabels(spec), [CUSTOM_DOMAIN_LABEL]: "true" },
});

/**
 * One Certificate per custom domain, in a Secret of its own: a domain whose challenge fails
 * (its DNS moved away, a CAA record) leaves the platform host's certificate and every other
 * domain's untouched.
 */
export function customDomainCertificate(
  spec: DeploymentSpec,
  domain: SpecCustomDomain,
): Named<ICertificate> {
  const name = customDomainObjectName(domain);
  return {
    apiVersion: "cert-manager.io/v1",
    kind: "Certificate",
    metadata: metadata(spec, domain),
    spec: {
      secretName: `${name}-tls`,
      dnsNames: [domain.domain],
      issuerRef: { kind: "ClusterIssuer", name: spec.config.cluster.clusterIssuer },
    },
  };
}

/** The custom host to the tenant's first (public) service, with the domain's own TLS Secret. */
export function customDomainIngressRoute(
  spec: DeploymentSpec,
  domain: SpecCustomDomain,
): Named<IIngressRoute> {
  const entry = publicServices(spec)[0];
  if (!entry) throw new Error("a deployment without a public service has nothing to route");
  const name = customDomainObjectName(domain);
  return {
    apiVersion: "traefik.io/v1alpha1",
    kind: "IngressRoute",
    metadata: metadata(spec, domain),
    spec: {
      entryPoints: [spec.config.cluster.tlsEntryPoint],
      routes: [
        {
          kind: "Rule",
          match: `Host(\`${domain.domain}\`)`,
          services: [{ name: entry.name, port: entry.port }],
        },
      ],
      tls: { secretName: `${name}-tls` },
    },
  };
}
