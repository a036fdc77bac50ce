import { SELF } from "cloudflare:test";
import { sample } from "openapi-sampler";
import type { ApiKeyScope } from "../../../worker/db/schema.ts";

type JSONSchema7 = Parameters<typeof sample>[0];

interface Parameter {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required?: boolean;
  schema: JSONSchema7;
}

interface OperationObject {
  operationId: string;
  security?: Record<string, string[]>[];
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: JSONSchema7 }> };
  responses: Record<string, unknown>;
}

export interface OpenApiDocument {
  security?: Record<string, string[]>[];
  paths: Record<string, Record<string, OperationObject>>;
}

/** The credential an operation asks for; `scope` is the role a provider operation needs. */
export type Requirement =
  | { scheme: "public" }
  | { scheme: "provider"; scope: ApiKeyScope }
  | { scheme: "operator" | "runner" | "ticket" };

export interface Operation {
  operationId: string;
  method: string;
  path: string;
  requirement: Requirement;
  parameters: Parameter[];
  body: unknown;
  /** A WebSocket endpoint (it answers 101), which needs an upgrade request. */
  upgrades: boolean;
}

const HTTP_METHODS = new Set(["get", "put", "post", "delete", "patch", "head", "options"]);
const SCOPES: readonly string[] = ["read", "write", "admin"];

/** The document as the Worker serves it: what clients and these tests both read. */
export const servedDocument = async (): Promise<OpenApiDocument> => {
  const res = await SELF.fetch("http://enclave.test/v1/openapi.json");
  if (res.status !== 200) throw new Error(`GET /v1/openapi.json: ${res.status}`);
  return (await res.json()) as OpenApiDocument;
};

const requirementOf = (operation: OperationObject, document: OpenApiDocument): Requirement => {
  const security = operation.security ?? document.security;
  const where = operation.operationId;
  if (!security) throw new Error(`${where} declares no security (public ones say [])`);
  if (security.length === 0) return { scheme: "public" };
  const [only, ...more] = security.flatMap((requirement) => Object.entries(requirement));
  if (!only || more.length > 0) throw new Error(`${where} must name exactly one scheme`);
  const [scheme, roles] = only;
  if (scheme === "provider") {
    const [scope] = roles;
    if (roles.length !== 1 || !scope || !SCOPES.includes(scope)) {
      throw new Error(`${where} must name the one scope it needs, e.g. provider: ["read"]`);
    }
    return { scheme, scope: scope as ApiKeyScope };
  }
  if (scheme === "operator" || scheme === "runner" || scheme === "ticket") return { scheme };
  throw new Error(`${where} uses the scheme "${scheme}", which these tests do not know`);
};

/**
 * Every operation of the document. Bodies are sampled from the request schema with every
 * property filled (examples where the schema has them), so they pass validation and a
 * request reaches the handler's own checks.
 */
export const operationsOf = (document: OpenApiDocument): Operation[] =>
  Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => HTTP_METHODS.has(method))
      .map(([method, operation]) => {
        const schema = operation.requestBody?.content["application/json"]?.schema;
        return {
          operationId: operation.operationId,
          method: method.toUpperCase(),
          path,
          requirement: requirementOf(operation, document),
          parameters: operation.parameters ?? [],
          body: schema ? sample(schema, { skipNonRequired: false, quiet: true }, document) : null,
          upgrades: "101" in operation.responses,
        };
      }),
  );

/** Real objects of one organization, named the way path parameters name them. */
export interface PathValues {
  /** `{id}` by the collection it follows: `tenants`, `deployments`, `api-keys`. */
  ids: Record<string, string>;
  /** Any other path parameter by its name. */
  names: Record<string, string>;
}

/** The operation's URL with path parameters of `values` and its required query parameters. */
export const urlOf = (operation: Operation, values: PathValues): string => {
  const segments = operation.path.split("/");
  const path = segments
    .map((segment, index) => {
      const name = /^\{(\w+)\}$/.exec(segment)?.[1];
      if (!name) return segment;
      const value =
        name === "id" ? values.ids[segments[index - 1] ?? ""] : (values.names[name] ?? undefined);
      if (value === undefined) {
        throw new Error(`no seeded value for {${name}} in ${operation.path}`);
      }
      return encodeURIComponent(value);
    })
    .join("/");
  const query = new URLSearchParams();
  for (const parameter of operation.parameters) {
    if (parameter.in === "query" && parameter.required) {
      query.set(parameter.name, String(sample(parameter.schema, { quiet: true })));
    }
  }
  return query.size > 0 ? `${path}?${query}` : path;
};

export const hasPathParameters = (operation: Operation): boolean => operation.path.includes("{");
