import type { IIngressRoute } from "@kubernetes-models/traefik/traefik.io/v1alpha1";
import type { DeploymentSpec } from "../../worker/contracts/index.ts";
import type { Named } from "../kube/objects.ts";
import { customDomainIngressRoute } from "./custom-domains.ts";
import {
  ingressRouteManifest,
  publicServices,
  serviceHostManifests,
  serviceHosts,
  tenantHosts,
} from "./routing.ts";
import { SUSPENDED_RESPONDER } from "./suspended-responder.ts";

/** The IngressRoutes of the platform's hosts: `<slug>.<base domain>` and each public service's own. */
export function platformHostRoutes(spec: DeploymentSpec): Named<IIngressRoute>[] {
  if (publicServices(spec).length === 0) return [];
  return [
    ingressRouteManifest(spec),
    ...serviceHosts(spec).map(({ service }) => serviceHostManifests(spec, service).ingressRoute),
  ];
}

/**
 * Every IngressRoute the route stage gives the tenant's hosts: the platform's and each
 * verified custom domain's. A suspension must switch them all, or a host would keep reaching
 * a service scaled to zero instead of the suspended page.
 */
export function hostRoutes(spec: DeploymentSpec): Named<IIngressRoute>[] {
  if (publicServices(spec).length === 0) return [];
  return [
    ...platformHostRoutes(spec),
    ...spec.customDomains.map((domain) => customDomainIngressRoute(spec, domain)),
  ];
}

/** The host names `hostRoutes` match, for progress messages. */
export function routedHostNames(spec: DeploymentSpec): string[] {
  if (publicServices(spec).length === 0) return [];
  return [
    ...tenantHosts(spec),
    ...serviceHosts(spec).map(({ host }) => host),
    ...spec.customDomains.map(({ domain }) => domain),
  ];
}

/**
 * One of the tenant's routes as `routing.ts` builds it, each rule sent to the suspended
 * responder instead of the tenant's service. Hosts, entry points, TLS and any middlewares stay
 * as they are, so the certificate keeps being served and resuming is applying the routes again.
 */
export function routedToSuspendedPage(
  spec: DeploymentSpec,
  route: Named<IIngressRoute>,
): Named<IIngressRoute> {
  const target = { name: SUSPENDED_RESPONDER, port: spec.config.suspension.port };
  return {
    ...route,
    spec: {
      ...route.spec,
      routes: route.spec.routes.map((rule) => ({ ...rule, services: [target] })),
    },
  };
}
