/** Pod and container security settings that pass the `restricted` Pod Security Standard. */
export function restrictedPodSecurity(fsGroup?: number) {
  return {
    runAsNonRoot: true,
    seccompProfile: { type: "RuntimeDefault" },
    ...(fsGroup === undefined ? {} : { fsGroup }),
  };
}

export function restrictedContainerSecurity(runAsUser?: number) {
  return {
    allowPrivilegeEscalation: false,
    runAsNonRoot: true,
    ...(runAsUser === undefined ? {} : { runAsUser, runAsGroup: runAsUser }),
    capabilities: { drop: ["ALL"] },
    seccompProfile: { type: "RuntimeDefault" },
  };
}
