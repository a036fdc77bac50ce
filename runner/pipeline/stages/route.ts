import type { ICertificate } from "@kubernetes-models/cert-manager/cert-manager.io/v1";
import type { Named } from "../../kube/objects.ts";
import { WaitTimeoutError, waitFor } from "../../kube/wait.ts";
import { tenantNamespace } from "../../manifests/labels.ts";
import {
  certificateManifest,
  ingressRouteManifest,
  publicServices,
  serviceHostManifests,
  serviceHostSelector,
  serviceHosts,
  tenantHosts,
} from "../../manifests/routing.ts";
import type { JobContext } from "../context.ts";
import { applyCustomDomains, customDomainCertificates } from "../custom-domains.ts";
import { runStage } from "../stage.ts";

interface Condition {
  type?: string;
  status?: string;
  message?: string;
  observedGeneration?: number;
}

/** The Certificate's Ready condition, when it is about its current spec. */
function readyCondition(certificate: unknown): Condition | undefined {
  const object = certificate as
    | { metadata?: { generation?: number }; status?: { conditions?: Condition[] } }
    | undefined;
  const ready = object?.status?.conditions?.find((c) => c.type === "Ready");
  const current =
    ready?.observedGeneration === undefined ||
    ready.observedGeneration === object?.metadata?.generation;
  return current ? ready : undefined;
}

/** Waits until cert-manager issued the certificate for `hosts`, or says why it did not. */
async function waitForCertificate(
  ctx: JobContext,
  certificate: Named<ICertificate>,
  hosts: string[],
): Promise<void> {
  let waitingOn = "no answer from cert-manager yet";
  const timeoutSeconds = ctx.spec.config.timeouts.certificateSeconds;
  await waitFor(ctx.deps.kube, {
    apiVersion: certificate.apiVersion,
    kind: certificate.kind,
    namespace: certificate.metadata.namespace,
    name: certificate.metadata.name,
    timeoutMs: timeoutSeconds * 1000,
    signal: ctx.signal,
    describe: `the TLS certificate for ${hosts.join(", ")}`,
    check: (observed) => {
      const ready = readyCondition(observed.get(certificate.metadata.name));
      if (ready?.status === "True") return true;
      waitingOn = ready?.message ?? waitingOn;
      return undefined;
    },
  }).catch((error: unknown) => {
    if (!(error instanceof WaitTimeoutError)) throw error;
    throw new Error(
      `the TLS certificate for ${hosts.join(", ")} was not issued within ${timeoutSeconds} s: ${waitingOn}`,
      { cause: error },
    );
  });
  ctx.log("route", `certificate issued for ${hosts.join(", ")}`);
}

/**
 * Removes the hosts of services that are no longer public (or no longer exist): every
 * service-host IngressRoute and Certificate this spec does not name.
 */
async function removeStaleServiceHosts(ctx: JobContext, keep: Set<string>): Promise<string[]> {
  const { kube } = ctx.deps;
  const namespace = tenantNamespace(ctx.spec);
  const kinds = [
    ["traefik.io/v1alpha1", "IngressRoute"],
    ["cert-manager.io/v1", "Certificate"],
  ] as const;
  const removed: string[] = [];
  for (const [apiVersion, kind] of kinds) {
    const items = await kube.list(apiVersion, kind, namespace, {
      labelSelector: serviceHostSelector,
    });
    for (const item of items.filter((object) => !keep.has(object.metadata.name))) {
      await kube.remove({ apiVersion, kind, metadata: { name: item.metadata.name, namespace } });
      removed.push(`${kind}/${item.metadata.name}`);
    }
  }
  return removed;
}

/**
 * Routes the first public service at the tenant's host and custom domains, and every other
 * public service at a host of its own with its own Certificate; waits until all are issued.
 */
export function route(ctx: JobContext): Promise<string> {
  const { spec, deps } = ctx;
  return runStage(ctx, "route", "routing the tenant's domains", async () => {
    const hosts = tenantHosts(spec);
    const url = `https://${hosts[0]}`;
    const own = serviceHosts(spec).map(({ service, host }) => ({
      host,
      ...serviceHostManifests(spec, service),
    }));
    const removed = await removeStaleServiceHosts(
      ctx,
      new Set(own.map(({ certificate }) => certificate.metadata.name)),
    );
    if (removed.length > 0) ctx.log("route", `removed ${removed.join(", ")}`);
    if (publicServices(spec).length === 0) {
      ctx.log("route", "no service is public; nothing is routed");
      return { result: url, summary: "no public service", data: { url, hosts: [] } };
    }
    const certificate = certificateManifest(spec);
    await Promise.all([
      deps.kube.apply(ingressRouteManifest(spec)),
      deps.kube.apply(certificate),
      ...own.flatMap((route) => [
        deps.kube.apply(route.ingressRoute),
        deps.kube.apply(route.certificate),
      ]),
      applyCustomDomains(ctx),
    ]);
    ctx.log("route", `certificate requested from ${spec.config.cluster.clusterIssuer}`);
    const customDomains = customDomainCertificates(ctx);
    // Awaited only once the platform hosts are issued; a failure before then must not surface
    // as an unhandled rejection.
    customDomains.catch(() => undefined);
    // A tenant is ready only once its platform URLs serve TLS: wait for each of their
    // certificates (a custom domain's never holds the tenant back).
    await Promise.all([
      waitForCertificate(ctx, certificate, hosts),
      ...own.map((route) => waitForCertificate(ctx, route.certificate, [route.host])),
    ]);
    ctx.customDomains = await customDomains;
    for (const { domain, certificate, message } of ctx.customDomains) {
      ctx.log("route", `${domain}: certificate ${certificate}${message ? ` (${message})` : ""}`);
    }
    const routed = [...hosts, ...own.map(({ host }) => host)];
    const services = Object.fromEntries([
      ...publicServices(spec)
        .slice(0, 1)
        .map((service) => [service.name, url]),
      ...serviceHosts(spec).map(({ service, host }) => [service.name, `https://${host}`]),
    ]);
    return {
      result: url,
      summary: `routed ${[...routed, ...spec.customDomains.map((d) => d.domain)].join(", ")}`,
      data: { url, hosts: routed, services, customDomains: ctx.customDomains },
    };
  });
}
