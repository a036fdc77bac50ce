import { asArray, asObject, isJsonObject, type JsonObject, type KubeObject } from "../api/types.ts";
import type { AdmissionPlugin } from "./types.ts";

/** The defaults kube-apiserver fills in (SetDefaults_* and PrepareForCreate), so objects read back as on a cluster. */

function defaultContainer(container: JsonObject): void {
  container.terminationMessagePath ??= "/dev/termination-log";
  container.terminationMessagePolicy ??= "File";
  const image = typeof container.image === "string" ? container.image : "";
  container.imagePullPolicy ??=
    image.endsWith(":latest") || !image.includes(":") ? "Always" : "IfNotPresent";
  container.resources ??= {};
  for (const port of asArray(container.ports)) if (isJsonObject(port)) port.protocol ??= "TCP";
}

export function defaultPodSpec(spec: JsonObject): void {
  spec.restartPolicy ??= "Always";
  spec.terminationGracePeriodSeconds ??= 30;
  spec.dnsPolicy ??= "ClusterFirst";
  spec.securityContext ??= {};
  spec.schedulerName ??= "default-scheduler";
  if (spec.serviceAccountName === undefined)
    spec.serviceAccountName = spec.serviceAccount ?? "default";
  spec.serviceAccount = spec.serviceAccountName;
  for (const list of ["containers", "initContainers"]) {
    for (const container of asArray(spec[list]))
      if (isJsonObject(container)) defaultContainer(container);
  }
}

function defaultTemplate(owner: JsonObject): void {
  const template = asObject(owner.template);
  owner.template = template;
  template.spec = asObject(template.spec);
  defaultPodSpec(template.spec);
}

const byKind: Record<string, (object: KubeObject, spec: JsonObject) => void> = {
  Namespace: (object, spec) => {
    object.metadata.labels = {
      ...object.metadata.labels,
      "kubernetes.io/metadata.name": object.metadata.name ?? "",
    };
    spec.finalizers ??= ["kubernetes"];
    object.status ??= { phase: "Active" };
  },
  Secret: (object) => {
    object.type ??= "Opaque";
    if (isJsonObject(object.stringData)) {
      const data = asObject(object.data);
      for (const [key, value] of Object.entries(object.stringData)) {
        data[key] = Buffer.from(String(value)).toString("base64");
      }
      object.data = data;
      delete object.stringData;
    }
  },
  Service: (_object, spec) => {
    spec.type ??= "ClusterIP";
    spec.sessionAffinity ??= "None";
    spec.ipFamilies ??= ["IPv4"];
    spec.ipFamilyPolicy ??= "SingleStack";
    spec.internalTrafficPolicy ??= "Cluster";
    for (const port of asArray(spec.ports)) {
      if (!isJsonObject(port)) continue;
      port.protocol ??= "TCP";
      port.targetPort ??= port.port ?? null;
    }
  },
  Pod: (object, spec) => {
    defaultPodSpec(spec);
    object.status ??= { phase: "Pending", qosClass: "BestEffort" };
  },
  Deployment: (_object, spec) => {
    spec.replicas ??= 1;
    spec.revisionHistoryLimit ??= 10;
    spec.progressDeadlineSeconds ??= 600;
    spec.strategy ??= {
      type: "RollingUpdate",
      rollingUpdate: { maxSurge: "25%", maxUnavailable: "25%" },
    };
    defaultTemplate(spec);
  },
  ReplicaSet: (_object, spec) => {
    spec.replicas ??= 1;
    defaultTemplate(spec);
  },
  StatefulSet: (_object, spec) => {
    spec.replicas ??= 1;
    spec.podManagementPolicy ??= "OrderedReady";
    spec.revisionHistoryLimit ??= 10;
    spec.updateStrategy ??= { type: "RollingUpdate", rollingUpdate: { partition: 0 } };
    spec.persistentVolumeClaimRetentionPolicy ??= { whenDeleted: "Retain", whenScaled: "Retain" };
    defaultTemplate(spec);
  },
  Job: (object, spec) => {
    spec.parallelism ??= 1;
    spec.completions ??= 1;
    spec.backoffLimit ??= 6;
    spec.completionMode ??= "NonIndexed";
    spec.suspend ??= false;
    spec.podReplacementPolicy ??= "TerminatingOrFailed";
    defaultTemplate(spec);
    if (spec.manualSelector !== true && object.metadata.uid) {
      const uid = object.metadata.uid;
      const labels = {
        "batch.kubernetes.io/controller-uid": uid,
        "batch.kubernetes.io/job-name": object.metadata.name ?? "",
        "controller-uid": uid,
        "job-name": object.metadata.name ?? "",
      };
      spec.selector ??= { matchLabels: { "batch.kubernetes.io/controller-uid": uid } };
      const template = asObject(spec.template);
      template.metadata = {
        ...asObject(template.metadata),
        labels: { ...asObject(asObject(template.metadata).labels), ...labels },
      } as JsonObject;
    }
  },
  CronJob: (_object, spec) => {
    spec.concurrencyPolicy ??= "Allow";
    spec.suspend ??= false;
    spec.successfulJobsHistoryLimit ??= 3;
    spec.failedJobsHistoryLimit ??= 1;
    const jobTemplate = asObject(spec.jobTemplate);
    spec.jobTemplate = jobTemplate;
    jobTemplate.spec = asObject(jobTemplate.spec);
    const job = jobTemplate.spec;
    job.backoffLimit ??= 6;
    job.completionMode ??= "NonIndexed";
    job.suspend ??= false;
    job.podReplacementPolicy ??= "TerminatingOrFailed";
    defaultTemplate(job);
  },
  PersistentVolumeClaim: (object, spec) => {
    spec.volumeMode ??= "Filesystem";
    spec.storageClassName ??= "local-path";
    object.status ??= { phase: "Pending" };
  },
};

export const defaulting: AdmissionPlugin = {
  name: "Defaulting",
  mutate(request) {
    if (request.subresource) return;
    const apply = byKind[request.type.kind];
    if (!apply) return;
    const { object } = request;
    if (request.type.kind !== "Secret" && request.type.kind !== "ConfigMap")
      object.spec = asObject(object.spec);
    apply(object, asObject(object.spec));
  },
};
