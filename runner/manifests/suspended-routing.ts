import type { IIngressRoute } from "@kubernetes-models/traefik/traefik.io/v1alpha1";
import type { DeploymentSpec } from "../../worker/contracts/index.ts";
import type { Named } from "../kube/objects.ts";
import { SUSPENDED_RESPONDER } from "./suspended-responder.ts";

/**
 * The tenant's routes as `routing.ts` builds them, each rule sent to the suspended responder
 * instead of the tenant's service. Hosts, entry points, TLS and any middlewares stay as they
 * are, so the certificate keeps being served and resuming is applying the routes again.
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
