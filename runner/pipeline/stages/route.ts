import { WaitTimeoutError, waitFor } from "../../kube/wait.ts";
import { certificateManifest, ingressRouteManifest, tenantHosts } from "../../manifests/routing.ts";
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

export function route(ctx: JobContext): Promise<string> {
  const { spec, deps } = ctx;
  return runStage(ctx, "route", "routing the tenant's domains", async () => {
    const hosts = tenantHosts(spec);
    const certificate = certificateManifest(spec);
    await Promise.all([
      deps.kube.apply(ingressRouteManifest(spec)),
      deps.kube.apply(certificate),
      applyCustomDomains(ctx),
    ]);
    ctx.log("route", `certificate requested from ${spec.config.cluster.clusterIssuer}`);
    const customDomains = customDomainCertificates(ctx);
    // Awaited only once the platform host is issued; a failure before then must not surface
    // as an unhandled rejection.
    customDomains.catch(() => undefined);
    // A tenant is ready only once its URL serves TLS: wait for the certificate to be issued.
    let waitingOn = "no answer from cert-manager yet";
    const timeoutSeconds = spec.config.timeouts.certificateSeconds;
    await waitFor(deps.kube, {
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
    ctx.customDomains = await customDomains;
    for (const { domain, certificate, message } of ctx.customDomains) {
      ctx.log("route", `${domain}: certificate ${certificate}${message ? ` (${message})` : ""}`);
    }
    const url = `https://${hosts[0]}`;
    return {
      result: url,
      summary: `routed ${[...hosts, ...spec.customDomains.map((d) => d.domain)].join(", ")}`,
      data: { url, hosts, customDomains: ctx.customDomains },
    };
  });
}
