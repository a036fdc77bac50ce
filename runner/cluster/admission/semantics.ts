import { invalid, type StatusCause } from "../api/errors.ts";
import { type LabelSelectorObject, matchesSelectorObject } from "../api/selectors.ts";
import { asArray, field, type KubeObject } from "../api/types.ts";
import { deepEqual } from "../patch/list-keys.ts";
import type { AdmissionPlugin } from "./types.ts";

/** The checks beyond the schema that kube-apiserver's validation makes for the kinds Enclave writes. */

function containerCauses(spec: unknown, path: string): StatusCause[] {
  const causes: StatusCause[] = [];
  const containers = asArray(field(spec, "containers"));
  if (containers.length === 0)
    causes.push({
      reason: "FieldValueRequired",
      field: `${path}.containers`,
      message: "Required value",
    });
  for (const list of ["initContainers", "containers"]) {
    asArray(field(spec, list)).forEach((container, index) => {
      if (!field(container, "image")) {
        causes.push({
          reason: "FieldValueRequired",
          field: `${path}.${list}[${index}].image`,
          message: "Required value",
        });
      }
    });
  }
  return causes;
}

function templateCauses(object: KubeObject): StatusCause[] {
  const causes = containerCauses(field(object, "spec", "template", "spec"), "spec.template.spec");
  const selector = field(object, "spec", "selector") as LabelSelectorObject | undefined;
  const labels = field(object, "spec", "template", "metadata", "labels") as
    | Record<string, string>
    | undefined;
  if (selector && object.kind !== "Job" && !matchesSelectorObject(selector, labels)) {
    causes.push({
      field: "spec.template.metadata.labels",
      message: `Invalid value: ${JSON.stringify(labels ?? {})}: \`selector\` does not match template \`labels\``,
    });
  }
  if (
    object.kind === "Job" &&
    !["OnFailure", "Never"].includes(
      String(field(object, "spec", "template", "spec", "restartPolicy")),
    )
  ) {
    causes.push({
      reason: "FieldValueNotSupported",
      field: "spec.template.spec.restartPolicy",
      message: `Unsupported value: "${String(field(object, "spec", "template", "spec", "restartPolicy"))}": supported values: "OnFailure", "Never"`,
    });
  }
  return causes;
}

/** Five fields, or a predefined schedule such as `@hourly`, as the CronJob controller parses them. */
const CRON_FIELD =
  /^(\*|\?|[0-9A-Za-z]+(-[0-9A-Za-z]+)?)(\/[0-9]+)?(,(\*|[0-9A-Za-z]+(-[0-9A-Za-z]+)?)(\/[0-9]+)?)*$/;
const CRON_MACROS = new Set([
  "@yearly",
  "@annually",
  "@monthly",
  "@weekly",
  "@daily",
  "@midnight",
  "@hourly",
]);

function validSchedule(schedule: string): boolean {
  if (CRON_MACROS.has(schedule) || /^@every \S+$/.test(schedule)) return true;
  const fields = schedule.trim().split(/\s+/);
  return fields.length === 5 && fields.every((part) => CRON_FIELD.test(part));
}

function cronJobCauses(object: KubeObject): StatusCause[] {
  const path = "spec.jobTemplate.spec.template.spec";
  const podSpec = field(object, "spec", "jobTemplate", "spec", "template", "spec");
  const causes = containerCauses(podSpec, path);
  const schedule = field(object, "spec", "schedule");
  if (typeof schedule !== "string" || schedule === "") {
    causes.push({
      reason: "FieldValueRequired",
      field: "spec.schedule",
      message: "Required value",
    });
  } else if (!validSchedule(schedule)) {
    causes.push({
      reason: "FieldValueInvalid",
      field: "spec.schedule",
      message: `Invalid value: "${schedule}": expected exactly 5 fields, found ${schedule.trim().split(/\s+/).length}: [${schedule}]`,
    });
  }
  const restartPolicy = String(field(podSpec, "restartPolicy"));
  if (!["OnFailure", "Never"].includes(restartPolicy)) {
    causes.push({
      reason: "FieldValueNotSupported",
      field: `${path}.restartPolicy`,
      message: `Unsupported value: "${restartPolicy}": supported values: "OnFailure", "Never"`,
    });
  }
  return causes;
}

const immutableSelectorKinds = new Set(["Deployment", "ReplicaSet", "StatefulSet", "Job"]);

export const semanticValidation: AdmissionPlugin = {
  name: "SemanticValidation",
  validate({ type, object, oldObject, operation, subresource }) {
    if (subresource) return;
    let causes: StatusCause[] = [];
    if (type.kind === "Pod") causes = containerCauses(object.spec, "spec");
    if (["Deployment", "ReplicaSet", "StatefulSet", "Job"].includes(type.kind))
      causes = templateCauses(object);
    if (type.kind === "CronJob") causes = cronJobCauses(object);
    if (
      operation === "UPDATE" &&
      immutableSelectorKinds.has(type.kind) &&
      !deepEqual(field(object, "spec", "selector"), field(oldObject, "spec", "selector"))
    ) {
      causes.push({
        field: "spec.selector",
        message: `Invalid value: ${JSON.stringify(field(object, "spec", "selector"))}: field is immutable`,
      });
    }
    if (causes.length) throw invalid(type, object.metadata.name ?? "", causes);
  },
};
