import type { ResourceType } from "../api/catalog.ts";
import { invalid, type StatusCause } from "../api/errors.ts";
import type { JsonValue, KubeObject } from "../api/types.ts";
import type { AdmissionPlugin } from "./types.ts";

/** The shape of an ajv error as @kubernetes-models validators report it. */
interface SchemaError {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

type Validate = (object: KubeObject) => SchemaError[];

interface ModelClass {
  new (data: unknown): { validate(): void };
}

const validators = new Map<string, Promise<Validate | undefined>>();

/** Loads the upstream schema validator for a kind once (the modules are large). */
function validatorFor(type: ResourceType): Promise<Validate | undefined> {
  const model = type.model;
  if (!model) return Promise.resolve(undefined);
  let loading = validators.get(model.module);
  if (!loading) {
    loading = import(model.module).then((module: Record<string, ModelClass>) => {
      const Model = module[model.exportName];
      if (!Model) return undefined;
      return (object: KubeObject) => {
        try {
          new Model(object).validate();
          return [];
        } catch (error) {
          return ((error as { errors?: SchemaError[] }).errors ?? []).filter(
            (e) => !["anyOf", "oneOf", "if"].includes(e.keyword),
          );
        }
      };
    });
    validators.set(model.module, loading);
  }
  return loading;
}

/** "/spec/template/spec/containers/0/image" → "spec.template.spec.containers[0].image" */
export function fieldPath(pointer: string): string {
  return pointer
    .split("/")
    .slice(1)
    .map((s) => s.replaceAll("~1", "/").replaceAll("~0", "~"))
    .reduce(
      (path, segment) =>
        /^\d+$/.test(segment) ? `${path}[${segment}]` : path ? `${path}.${segment}` : segment,
      "",
    );
}

function valueAt(object: unknown, pointer: string): JsonValue | undefined {
  let current = object as JsonValue | undefined;
  for (const segment of pointer.split("/").slice(1)) {
    if (current === null || typeof current !== "object") return undefined;
    current = Array.isArray(current) ? current[Number(segment)] : current[segment];
  }
  return current;
}

function causeOf(object: KubeObject, error: SchemaError): StatusCause {
  const path = fieldPath(error.instancePath);
  const value = JSON.stringify(valueAt(object, error.instancePath));
  switch (error.keyword) {
    case "required": {
      const missing = String(error.params.missingProperty);
      return {
        reason: "FieldValueRequired",
        field: path ? `${path}.${missing}` : missing,
        message: "Required value",
      };
    }
    case "enum": {
      const allowed = ((error.params.allowedValues as unknown[]) ?? [])
        .map((v) => JSON.stringify(v))
        .join(", ");
      return {
        reason: "FieldValueNotSupported",
        field: path,
        message: `Unsupported value: ${value}: supported values: ${allowed}`,
      };
    }
    case "type":
      return {
        reason: "FieldValueTypeInvalid",
        field: path,
        message: `Invalid value: ${value}: ${path} in body must be of type ${String(error.params.type)}: "${typeof valueAt(object, error.instancePath)}"`,
      };
    default:
      return {
        reason: "FieldValueInvalid",
        field: path,
        message: `Invalid value: ${value}: ${error.message ?? error.keyword}`,
      };
  }
}

/** Validates every write against the upstream OpenAPI (or CRD) schema of its kind, as kube-apiserver does. */
export const schemaValidation: AdmissionPlugin = {
  name: "SchemaValidation",
  async validate({ type, object }) {
    const validate = await validatorFor(type);
    if (!validate) return;
    const { managedFields: _m, ...metadata } = object.metadata;
    const errors = validate({ ...object, metadata });
    if (errors.length === 0) return;
    const unique = new Map(
      errors.map((e) => [`${e.instancePath}|${e.keyword}|${JSON.stringify(e.params)}`, e]),
    );
    throw invalid(
      type,
      object.metadata.name ?? "",
      [...unique.values()].map((e) => causeOf(object, e)),
    );
  },
};
