import type { ResourceType } from "../api/catalog.ts";
import { asArray, field, type KubeObject } from "../api/types.ts";

/** Server-side printing (`as=Table`), which kubectl get asks for: a few columns per kind. */
interface Column {
  name: string;
  type: "string" | "integer" | "date";
  cell: (object: KubeObject) => string | number;
}

function age(object: KubeObject): string {
  const created = Date.parse(object.metadata.creationTimestamp ?? "");
  if (Number.isNaN(created)) return "<unknown>";
  const seconds = Math.max(0, Math.floor((Date.now() - created) / 1000));
  if (seconds < 120) return `${seconds}s`;
  if (seconds < 7200) return `${Math.floor(seconds / 60)}m`;
  if (seconds < 172800) return `${Math.floor(seconds / 3600)}h`;
  return `${Math.floor(seconds / 86400)}d`;
}

const num = (value: unknown) => (typeof value === "number" ? value : 0);
const text = (value: unknown) => (value === undefined || value === null ? "<none>" : String(value));

function podReady(pod: KubeObject): string {
  const statuses = asArray(field(pod, "status", "containerStatuses"));
  const containers = asArray(field(pod, "spec", "containers")).length;
  return `${statuses.filter((s) => field(s, "ready") === true).length}/${containers}`;
}

/** kubectl's STATUS column: the first init container still in the way, else the app containers. */
function podStatus(pod: KubeObject): string {
  if (pod.metadata.deletionTimestamp) return "Terminating";
  const inits = asArray(field(pod, "status", "initContainerStatuses"));
  for (const [i, status] of inits.entries()) {
    const exitCode = field(status, "state", "terminated", "exitCode");
    if (exitCode === 0) continue;
    const terminated = field(status, "state", "terminated", "reason");
    if (exitCode !== undefined)
      return terminated ? `Init:${String(terminated)}` : `Init:ExitCode:${String(exitCode)}`;
    const waiting = field(status, "state", "waiting", "reason");
    if (typeof waiting === "string" && waiting !== "PodInitializing") return `Init:${waiting}`;
    return `Init:${i}/${asArray(field(pod, "spec", "initContainers")).length}`;
  }
  for (const status of asArray(field(pod, "status", "containerStatuses"))) {
    const waiting = field(status, "state", "waiting", "reason");
    if (typeof waiting === "string") return waiting;
    const terminated = field(status, "state", "terminated", "reason");
    if (typeof terminated === "string" && field(pod, "status", "phase") === "Running")
      return terminated;
  }
  const phase = field(pod, "status", "phase");
  if (phase === "Succeeded") return "Completed";
  if (phase === "Failed") return "Error";
  return text(phase);
}

const restarts = (pod: KubeObject) =>
  [
    ...asArray(field(pod, "status", "initContainerStatuses")),
    ...asArray(field(pod, "status", "containerStatuses")),
  ].reduce<number>((n, s) => n + num(field(s, "restartCount")), 0);

const conditionStatus = (object: KubeObject, type: string) =>
  text(
    field(
      asArray(field(object, "status", "conditions")).find((c) => field(c, "type") === type),
      "status",
    ),
  );

const columnsByKind: Record<string, Column[]> = {
  Event: [
    { name: "Type", type: "string", cell: (o) => text(field(o, "type")) },
    { name: "Reason", type: "string", cell: (o) => text(field(o, "reason")) },
    {
      name: "Object",
      type: "string",
      cell: (o) =>
        `${String(field(o, "involvedObject", "kind") ?? "").toLowerCase()}/${text(field(o, "involvedObject", "name"))}`,
    },
    { name: "Message", type: "string", cell: (o) => text(field(o, "message")) },
  ],
  Namespace: [{ name: "Status", type: "string", cell: (o) => text(field(o, "status", "phase")) }],
  Pod: [
    { name: "Ready", type: "string", cell: podReady },
    { name: "Status", type: "string", cell: podStatus },
    { name: "Restarts", type: "integer", cell: restarts },
  ],
  Deployment: [
    {
      name: "Ready",
      type: "string",
      cell: (o) =>
        `${num(field(o, "status", "readyReplicas"))}/${num(field(o, "spec", "replicas"))}`,
    },
    {
      name: "Up-to-date",
      type: "integer",
      cell: (o) => num(field(o, "status", "updatedReplicas")),
    },
    {
      name: "Available",
      type: "integer",
      cell: (o) => num(field(o, "status", "availableReplicas")),
    },
  ],
  StatefulSet: [
    {
      name: "Ready",
      type: "string",
      cell: (o) =>
        `${num(field(o, "status", "readyReplicas"))}/${num(field(o, "spec", "replicas"))}`,
    },
  ],
  ReplicaSet: [
    { name: "Desired", type: "integer", cell: (o) => num(field(o, "spec", "replicas")) },
    { name: "Current", type: "integer", cell: (o) => num(field(o, "status", "replicas")) },
    { name: "Ready", type: "integer", cell: (o) => num(field(o, "status", "readyReplicas")) },
  ],
  Job: [
    {
      name: "Status",
      type: "string",
      cell: (o) =>
        field(o, "status", "succeeded")
          ? "Complete"
          : field(o, "status", "failed") && conditionStatus(o, "Failed") === "True"
            ? "Failed"
            : "Running",
    },
    {
      name: "Completions",
      type: "string",
      cell: (o) =>
        `${num(field(o, "status", "succeeded"))}/${num(field(o, "spec", "completions")) || 1}`,
    },
  ],
  CronJob: [
    { name: "Schedule", type: "string", cell: (o) => text(field(o, "spec", "schedule")) },
    {
      name: "Suspend",
      type: "string",
      cell: (o) => (field(o, "spec", "suspend") === true ? "True" : "False"),
    },
    {
      name: "Last Schedule",
      type: "string",
      cell: (o) => text(field(o, "status", "lastScheduleTime")),
    },
  ],
  Service: [
    { name: "Type", type: "string", cell: (o) => text(field(o, "spec", "type")) },
    { name: "Cluster-IP", type: "string", cell: (o) => text(field(o, "spec", "clusterIP")) },
    {
      name: "Port(s)",
      type: "string",
      cell: (o) =>
        asArray(field(o, "spec", "ports"))
          .map((p) => `${text(field(p, "port"))}/${text(field(p, "protocol"))}`)
          .join(",") || "<none>",
    },
  ],
  Secret: [
    { name: "Type", type: "string", cell: (o) => text(field(o, "type")) },
    { name: "Data", type: "integer", cell: (o) => Object.keys(field(o, "data") ?? {}).length },
  ],
  ConfigMap: [
    { name: "Data", type: "integer", cell: (o) => Object.keys(field(o, "data") ?? {}).length },
  ],
  PersistentVolumeClaim: [
    { name: "Status", type: "string", cell: (o) => text(field(o, "status", "phase")) },
    { name: "Volume", type: "string", cell: (o) => text(field(o, "spec", "volumeName")) },
  ],
  Certificate: [
    { name: "Ready", type: "string", cell: (o) => conditionStatus(o, "Ready") },
    { name: "Secret", type: "string", cell: (o) => text(field(o, "spec", "secretName")) },
  ],
};

const nameColumn: Column = { name: "Name", type: "string", cell: (o) => o.metadata.name ?? "" };
const ageColumn: Column = { name: "Age", type: "date", cell: age };

export function tableOf(
  type: ResourceType,
  objects: KubeObject[],
  resourceVersion: string,
  includeColumns = true,
) {
  const columns = [nameColumn, ...(columnsByKind[type.kind] ?? []), ageColumn];
  return {
    kind: "Table",
    apiVersion: "meta.k8s.io/v1",
    metadata: { resourceVersion },
    columnDefinitions: includeColumns
      ? columns.map((c) => ({
          name: c.name,
          type: c.type,
          format: c.name === "Name" ? "name" : "",
          description: "",
          priority: 0,
        }))
      : [],
    rows: objects.map((object) => ({
      cells: columns.map((c) => c.cell(object)),
      object: {
        kind: "PartialObjectMetadata",
        apiVersion: "meta.k8s.io/v1",
        metadata: object.metadata,
      },
    })),
  };
}

/** Whether the Accept header asks for a Table (kubectl get does, with a JSON fallback). */
export const wantsTable = (accept: string | undefined) => Boolean(accept?.includes("as=Table"));
