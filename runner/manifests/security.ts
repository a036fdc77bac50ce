import type { IPodSecurityContext, ISecurityContext } from "kubernetes-models/v1";
import { TENANT_SERVICE_ACCOUNT } from "./labels.ts";

/** Labels that make a namespace enforce, audit and warn on one Pod Security Standard level. */
export function podSecurityLabels(level: "restricted" | "baseline") {
  return {
    "pod-security.kubernetes.io/enforce": level,
    "pod-security.kubernetes.io/enforce-version": "latest",
    "pod-security.kubernetes.io/audit": level,
    "pod-security.kubernetes.io/warn": level,
  };
}

/** Pod and container security settings that pass the `restricted` Pod Security Standard. */
export function restrictedPodSecurity(fsGroup?: number): IPodSecurityContext {
  return {
    runAsNonRoot: true,
    seccompProfile: { type: "RuntimeDefault" },
    ...(fsGroup === undefined ? {} : { fsGroup }),
  };
}

/**
 * How every tenant pod runs: as the tenant ServiceAccount without its token, restricted, and
 * without service-link variables, so its env holds only what the manifest names.
 */
export function tenantPodSettings(fsGroup?: number) {
  return {
    serviceAccountName: TENANT_SERVICE_ACCOUNT,
    automountServiceAccountToken: false,
    enableServiceLinks: false,
    securityContext: restrictedPodSecurity(fsGroup),
  };
}

export function restrictedContainerSecurity(runAsUser?: number): ISecurityContext {
  return {
    allowPrivilegeEscalation: false,
    runAsNonRoot: true,
    ...(runAsUser === undefined ? {} : { runAsUser, runAsGroup: runAsUser }),
    capabilities: { drop: ["ALL"] },
    seccompProfile: { type: "RuntimeDefault" },
  };
}
