import type { ICertificate } from "@kubernetes-models/cert-manager/cert-manager.io/v1";
import type { IIngressRoute } from "@kubernetes-models/traefik/traefik.io/v1alpha1";
import type { CustomDomainCertificate } from "../../worker/contracts/index.ts";
import { WaitTimeoutError, waitFor } from "../kube/wait.ts";
import {
  CUSTOM_DOMAIN_LABEL,
  customDomainCertificate,
  customDomainIngressRoute,
  customDomainObjectName,
} from "../manifests/custom-domains.ts";
import { tenantNamespace } from "../manifests/labels.ts";
import type { JobContext } from "./context.ts";

interface Condition {
  type?: string;
  status?: string;
  reason?: string;
  message?: string;
}

/** cert-manager's verdict on one certificate: Ready, a failed issuance, or still working. */
export function certificateState(
  domain: string,
  certificate: ICertificate | undefined,
): CustomDomainCertificate {
  const conditions = (certificate?.status?.conditions ?? []) as Condition[];
  const ready = conditions.find((c) => c.type === "Ready");
  if (ready?.status === "True") return { domain, certificate: "issued" };
  const issuing = conditions.find((c) => c.type === "Issuing");
  if (issuing?.status === "False" && issuing.reason === "Failed") {
    return { domain, certificate: "failed", message: issuing.message ?? "issuance failed" };
  }
  return {
    domain,
    certificate: "pending",
    message: ready?.message ?? "no answer from cert-manager yet",
  };
}

/**
 * Applies each verified custom domain's Certificate and IngressRoute and removes those of
 * domains no longer in the spec. Nothing here can fail the deployment on a certificate.
 */
export async function applyCustomDomains(ctx: JobContext): Promise<void> {
  const { spec, deps } = ctx;
  const namespace = tenantNamespace(spec);
  await Promise.all(
    spec.customDomains.flatMap((domain) => [
      deps.kube.apply(customDomainCertificate(spec, domain)),
      deps.kube.apply(customDomainIngressRoute(spec, domain)),
    ]),
  );
  const wanted = new Set(spec.customDomains.map(customDomainObjectName));
  const labelSelector = `${CUSTOM_DOMAIN_LABEL}=true`;
  const [certificates, routes] = await Promise.all([
    deps.kube.list<ICertificate>("cert-manager.io/v1", "Certificate", namespace, { labelSelector }),
    deps.kube.list<IIngressRoute>("traefik.io/v1alpha1", "IngressRoute", namespace, {
      labelSelector,
    }),
  ]);
  const stale = [...certificates, ...routes].filter((o) => !wanted.has(o.metadata.name));
  await Promise.all(
    stale.map((object) =>
      deps.kube.remove({
        apiVersion: object.apiVersion,
        kind: object.kind,
        metadata: { name: object.metadata.name, namespace },
      }),
    ),
  );
  for (const object of stale.filter((o) => o.kind === "IngressRoute")) {
    ctx.log("route", `removed the route of a domain no longer verified (${object.metadata.name})`);
  }
}

/**
 * Waits up to `timeouts.customDomainCertificateSeconds` for every custom domain's certificate
 * to be issued or to fail, then reports each one's state: a pending one is reported, never
 * waited on longer, so a customer's DNS cannot hold a deployment up.
 */
export async function customDomainCertificates(
  ctx: JobContext,
): Promise<CustomDomainCertificate[]> {
  const { spec, deps } = ctx;
  if (spec.customDomains.length === 0) return [];
  const states = (observed: ReadonlyMap<string, ICertificate>) =>
    spec.customDomains.map((domain) =>
      certificateState(domain.domain, observed.get(customDomainObjectName(domain))),
    );
  let last: CustomDomainCertificate[] = states(new Map());
  try {
    return await waitFor<ICertificate, CustomDomainCertificate[]>(deps.kube, {
      apiVersion: "cert-manager.io/v1",
      kind: "Certificate",
      namespace: tenantNamespace(spec),
      labelSelector: `${CUSTOM_DOMAIN_LABEL}=true`,
      timeoutMs: spec.config.timeouts.customDomainCertificateSeconds * 1000,
      signal: ctx.signal,
      describe: "the custom domains' certificates",
      check: (observed) => {
        last = states(observed);
        return last.every((state) => state.certificate !== "pending") ? last : undefined;
      },
    });
  } catch (error) {
    if (error instanceof WaitTimeoutError) return last;
    throw error;
  }
}
