import type { IPodSpec } from "kubernetes-models/v1";

const ALLOWED_VOLUMES = new Set([
  "name",
  "configMap",
  "secret",
  "emptyDir",
  "persistentVolumeClaim",
  "projected",
  "downwardAPI",
  "ephemeral",
  "csi",
]);

/** Violations of the `restricted` Pod Security Standard (v1.30 rules) in one pod spec. */
export function restrictedViolations(pod: IPodSpec): string[] {
  const problems: string[] = [];
  if (pod.hostNetwork || pod.hostPID || pod.hostIPC) problems.push("host namespaces");
  for (const volume of pod.volumes ?? []) {
    for (const key of Object.keys(volume)) {
      if (!ALLOWED_VOLUMES.has(key)) problems.push(`volume type ${key}`);
    }
  }
  for (const container of [...pod.containers, ...(pod.initContainers ?? [])]) {
    const sc = container.securityContext ?? {};
    const where = `container ${container.name}`;
    if (sc.privileged) problems.push(`${where}: privileged`);
    if (sc.allowPrivilegeEscalation !== false) problems.push(`${where}: privilege escalation`);
    if (!(sc.runAsNonRoot ?? pod.securityContext?.runAsNonRoot))
      problems.push(`${where}: may run as root`);
    if ((sc.runAsUser ?? pod.securityContext?.runAsUser) === 0)
      problems.push(`${where}: runAsUser 0`);
    if (!sc.capabilities?.drop?.includes("ALL"))
      problems.push(`${where}: capabilities not dropped`);
    for (const cap of sc.capabilities?.add ?? []) {
      if (cap !== "NET_BIND_SERVICE") problems.push(`${where}: adds ${cap}`);
    }
    const seccomp = sc.seccompProfile?.type ?? pod.securityContext?.seccompProfile?.type;
    if (seccomp !== "RuntimeDefault" && seccomp !== "Localhost") problems.push(`${where}: seccomp`);
    if (container.ports?.some((port) => port.hostPort)) problems.push(`${where}: hostPort`);
  }
  return problems;
}
