import { createHash } from "node:crypto";
import { type ResourceType, resourceTypes } from "../api/catalog.ts";

/**
 * OpenAPI v3 documents, one per group/version, as kubectl fetches them. They carry what
 * kubectl decides on: each resource's PATCH operation with its
 * `x-kubernetes-group-version-kind` and the `fieldValidation` parameter, which tells
 * kubectl to leave validation to the server (`--validate=strict` becomes
 * `fieldValidation=Strict`). Strategic merge patches are then built from kubectl's
 * compiled-in types, as they are for any server whose schema it does not use.
 */
const queryParameters = ["dryRun", "fieldManager", "fieldValidation", "force", "pretty"].map(
  (name) => ({
    name,
    in: "query",
    schema: { type: name === "force" ? "boolean" : "string" },
  }),
);

function pathsFor(type: ResourceType) {
  const prefix = type.group ? `/apis/${type.group}/${type.version}` : "/api/v1";
  const scope = type.namespaced ? `${prefix}/namespaces/{namespace}` : prefix;
  const gvk = { group: type.group, version: type.version, kind: type.kind };
  const operation = (action: string) => ({
    operationId: `${action}${type.kind}`,
    parameters: queryParameters,
    responses: { "200": { description: "OK" } },
    "x-kubernetes-action": action,
    "x-kubernetes-group-version-kind": gvk,
  });
  return {
    [`${scope}/${type.plural}`]: { get: operation("list"), post: operation("post") },
    [`${scope}/${type.plural}/{name}`]: {
      get: operation("get"),
      put: operation("put"),
      patch: operation("patch"),
      delete: operation("delete"),
    },
  };
}

function documentFor(group: string, version: string) {
  const types = resourceTypes.filter(
    (t) => t.group === group && t.version === version && !t.createOnly,
  );
  return {
    openapi: "3.0.0",
    info: { title: "Kubernetes", version: "v1.32.0" },
    paths: Object.assign({}, ...types.map(pathsFor)),
    components: { schemas: {} },
  };
}

const documentPath = (type: ResourceType) =>
  type.group ? `apis/${type.group}/${type.version}` : "api/v1";

export function openApiDocument(path: string): unknown {
  if (path === "/openapi/v3") {
    const entries = [...new Set(resourceTypes.map(documentPath))].map((relative) => {
      const hash = createHash("sha256")
        .update(JSON.stringify(openApiDocument(`/openapi/v3/${relative}`)))
        .digest("hex")
        .slice(0, 16)
        .toUpperCase();
      return [relative, { serverRelativeURL: `/openapi/v3/${relative}?hash=${hash}` }];
    });
    return { paths: Object.fromEntries(entries) };
  }
  const match = /^\/openapi\/v3\/(?:api\/(v1)|apis\/([^/]+)\/([^/]+))$/.exec(path);
  if (!match) return undefined;
  const group = match[1] ? "" : (match[2] ?? "");
  const version = match[1] ?? match[3] ?? "";
  if (!resourceTypes.some((t) => t.group === group && t.version === version)) return undefined;
  return documentFor(group, version);
}
