import { mustFindByKind } from "../api/catalog.ts";
import { forbidden } from "../api/errors.ts";
import {
  asArray,
  asObject,
  field,
  isJsonObject,
  type JsonObject,
  type KubeObject,
} from "../api/types.ts";
import type { AdmissionPlugin } from "./types.ts";

const namespaces = mustFindByKind("v1", "Namespace");
const LEVELS = ["privileged", "baseline", "restricted"] as const;
type Level = (typeof LEVELS)[number];
const BASELINE_CAPABILITIES = new Set([
  "AUDIT_WRITE",
  "CHOWN",
  "DAC_OVERRIDE",
  "FOWNER",
  "FSETID",
  "KILL",
  "MKNOD",
  "NET_BIND_SERVICE",
  "SETFCAP",
  "SETGID",
  "SETPCAP",
  "SETUID",
  "SYS_CHROOT",
]);
const RESTRICTED_VOLUMES = new Set([
  "configMap",
  "csi",
  "downwardAPI",
  "emptyDir",
  "ephemeral",
  "persistentVolumeClaim",
  "projected",
  "secret",
]);
const TEMPLATE_KINDS = new Set([
  "Deployment",
  "ReplicaSet",
  "StatefulSet",
  "Job",
  "DaemonSet",
  "CronJob",
]);

const quoteList = (names: string[]) => names.map((n) => `"${n}"`).join(", ");
const containers = (spec: JsonObject) =>
  [
    ...asArray(spec.initContainers),
    ...asArray(spec.containers),
    ...asArray(spec.ephemeralContainers),
  ].filter(isJsonObject);

/** The Pod Security Standards checks, each returning the violation text PSA prints. */
function violations(spec: JsonObject, level: Level): string[] {
  if (level === "privileged") return [];
  const found: string[] = [];
  const all = containers(spec);
  const named = (predicate: (c: JsonObject) => boolean) =>
    all.filter(predicate).map((c) => String(c.name));
  const hostNamespaces = ["hostNetwork", "hostPID", "hostIPC"].filter((k) => spec[k] === true);
  if (hostNamespaces.length)
    found.push(`host namespaces (${hostNamespaces.map((k) => `${k}=true`).join(", ")})`);
  const privileged = named((c) => field(c, "securityContext", "privileged") === true);
  if (privileged.length)
    found.push(
      `privileged (container${privileged.length > 1 ? "s" : ""} ${quoteList(privileged)} must not set securityContext.privileged=true)`,
    );
  const added = all.flatMap((c) =>
    asArray(field(c, "securityContext", "capabilities", "add"))
      .map(String)
      .filter((cap) => !BASELINE_CAPABILITIES.has(cap))
      .map((cap) => ({ name: String(c.name), cap })),
  );
  if (added.length)
    found.push(
      `non-default capabilities (container ${quoteList([...new Set(added.map((a) => a.name))])} must not include ${quoteList([...new Set(added.map((a) => a.cap))])} in securityContext.capabilities.add)`,
    );
  const hostPaths = asArray(spec.volumes)
    .filter((v) => field(v, "hostPath") !== undefined)
    .map((v) => String(field(v, "name")));
  if (hostPaths.length)
    found.push(
      `hostPath volumes (volume${hostPaths.length > 1 ? "s" : ""} ${quoteList(hostPaths)})`,
    );
  const hostPorts = all.flatMap((c) =>
    asArray(c.ports)
      .map((p) => field(p, "hostPort"))
      .filter((p) => typeof p === "number" && p !== 0),
  );
  if (hostPorts.length)
    found.push(`hostPort (${hostPorts.map((p) => `hostPort ${String(p)}`).join(", ")})`);
  const unconfined =
    field(spec, "securityContext", "seccompProfile", "type") === "Unconfined" ||
    all.some((c) => field(c, "securityContext", "seccompProfile", "type") === "Unconfined");
  if (unconfined)
    found.push(
      `seccompProfile (pod or containers must not set securityContext.seccompProfile.type to "Unconfined")`,
    );
  if (level === "baseline") return found;

  const volumeTypes = asArray(spec.volumes)
    .filter(isJsonObject)
    .flatMap((v) => {
      const kind = Object.keys(v).find((k) => k !== "name");
      return kind && !RESTRICTED_VOLUMES.has(kind) && kind !== "hostPath"
        ? [`volume "${String(v.name)}" uses restricted volume type "${kind}"`]
        : [];
    });
  if (volumeTypes.length) found.push(`restricted volume types (${volumeTypes.join(", ")})`);
  const escalation = named(
    (c) => field(c, "securityContext", "allowPrivilegeEscalation") !== false,
  );
  if (escalation.length)
    found.push(
      `allowPrivilegeEscalation != false (container${escalation.length > 1 ? "s" : ""} ${quoteList(escalation)} must set securityContext.allowPrivilegeEscalation=false)`,
    );
  const dropAll = named(
    (c) => !asArray(field(c, "securityContext", "capabilities", "drop")).includes("ALL"),
  );
  const extraCaps = named((c) =>
    asArray(field(c, "securityContext", "capabilities", "add")).some(
      (cap) => cap !== "NET_BIND_SERVICE",
    ),
  );
  if (dropAll.length || extraCaps.length) {
    const parts = [
      ...(dropAll.length
        ? [
            `container${dropAll.length > 1 ? "s" : ""} ${quoteList(dropAll)} must set securityContext.capabilities.drop=["ALL"]`,
          ]
        : []),
      ...(extraCaps.length
        ? [
            `container${extraCaps.length > 1 ? "s" : ""} ${quoteList(extraCaps)} must not include capabilities other than "NET_BIND_SERVICE" in securityContext.capabilities.add`,
          ]
        : []),
    ];
    found.push(`unrestricted capabilities (${parts.join("; ")})`);
  }
  const podNonRoot = field(spec, "securityContext", "runAsNonRoot") === true;
  const rootContainers = named(
    (c) =>
      field(c, "securityContext", "runAsNonRoot") === false ||
      (!podNonRoot && field(c, "securityContext", "runAsNonRoot") !== true),
  );
  if (rootContainers.length)
    found.push(
      `runAsNonRoot != true (pod or container${rootContainers.length > 1 ? "s" : ""} ${quoteList(rootContainers)} must set securityContext.runAsNonRoot=true)`,
    );
  const rootUser = named((c) => field(c, "securityContext", "runAsUser") === 0);
  if (field(spec, "securityContext", "runAsUser") === 0 || rootUser.length)
    found.push(`runAsUser=0 (pod and containers must not set runAsUser=0)`);
  const podSeccomp = field(spec, "securityContext", "seccompProfile", "type");
  const seccompOk = (value: unknown) => value === "RuntimeDefault" || value === "Localhost";
  const noSeccomp = named(
    (c) => !seccompOk(field(c, "securityContext", "seccompProfile", "type") ?? podSeccomp),
  );
  if (noSeccomp.length)
    found.push(
      `seccompProfile (pod or container${noSeccomp.length > 1 ? "s" : ""} ${quoteList(noSeccomp)} must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")`,
    );
  return found;
}

const levelOf = (namespace: KubeObject | undefined, mode: string): Level | undefined => {
  const value = namespace?.metadata.labels?.[`pod-security.kubernetes.io/${mode}`];
  return LEVELS.find((l) => l === value);
};
const versionOf = (namespace: KubeObject | undefined, mode: string) =>
  namespace?.metadata.labels?.[`pod-security.kubernetes.io/${mode}-version`] ?? "latest";

/**
 * Pod Security admission for namespaces labelled `pod-security.kubernetes.io/enforce`
 * (and `warn`): pods that violate the level are refused with 403; workload templates
 * only draw a warning, exactly as the built-in plugin behaves.
 */
export const podSecurity: AdmissionPlugin = {
  name: "PodSecurity",
  validate({ type, object, operation, subresource, store, warnings }) {
    if (subresource) return;
    const isPod = type.kind === "Pod";
    if (!isPod && !TEMPLATE_KINDS.has(type.kind)) return;
    if (isPod && operation === "UPDATE") return;
    const namespace = store.get(namespaces, undefined, object.metadata.namespace ?? "");
    const spec = isPod
      ? asObject(object.spec)
      : type.kind === "CronJob"
        ? asObject(field(object, "spec", "jobTemplate", "spec", "template", "spec"))
        : asObject(field(object, "spec", "template", "spec"));
    const enforce = levelOf(namespace, "enforce");
    if (enforce) {
      const found = violations(spec, enforce);
      const label = `${enforce}:${versionOf(namespace, "enforce")}`;
      if (found.length && isPod)
        throw forbidden(
          type,
          object.metadata.name ?? "",
          `violates PodSecurity "${label}": ${found.join(", ")}`,
        );
      if (found.length) warnings.push(`would violate PodSecurity "${label}": ${found.join(", ")}`);
    }
    const warn = levelOf(namespace, "warn");
    if (warn && warn !== enforce) {
      const found = violations(spec, warn);
      if (found.length)
        warnings.push(
          `would violate PodSecurity "${warn}:${versionOf(namespace, "warn")}": ${found.join(", ")}`,
        );
    }
  },
};
