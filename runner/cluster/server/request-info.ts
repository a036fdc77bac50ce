import { findByPlural, type ResourceType } from "../api/catalog.ts";
import { ApiError } from "../api/errors.ts";

export type Verb =
  | "get"
  | "list"
  | "watch"
  | "create"
  | "update"
  | "patch"
  | "delete"
  | "deletecollection";

/** What a request asks for, parsed the way kube-apiserver's RequestInfoFactory does. */
export interface ResourceRequest {
  verb: Verb;
  type: ResourceType;
  namespace: string | undefined;
  name: string | undefined;
  subresource: string | undefined;
  /** For the proxy subresource: the path after `/proxy`. */
  proxyPath: string;
  query: URLSearchParams;
}

const methodVerbs: Record<string, Verb> = {
  POST: "create",
  PUT: "update",
  PATCH: "patch",
  DELETE: "delete",
};

export function parseResourceRequest(method: string, url: URL): ResourceRequest | undefined {
  const parts = url.pathname.split("/").filter(Boolean).map(decodeURIComponent);
  let group: string;
  let rest: string[];
  if (parts[0] === "api" && parts[1] === "v1") {
    group = "";
    rest = parts.slice(2);
  } else if (parts[0] === "apis" && parts.length >= 3) {
    group = parts[1] ?? "";
    rest = parts.slice(3);
  } else return undefined;
  const version = parts[0] === "api" ? "v1" : (parts[2] ?? "");
  if (rest.length === 0) return undefined;
  let namespace: string | undefined;
  // Like kube-apiserver: /namespaces/NS/status and /finalize are the namespace's own subresources.
  if (
    rest[0] === "namespaces" &&
    rest.length >= 3 &&
    !["status", "finalize"].includes(rest[2] ?? "")
  ) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  const [plural = "", name, subresource, ...proxyParts] = rest;
  const type = findByPlural(group, version, plural);
  if (!type) {
    throw new ApiError(404, "NotFound", "the server could not find the requested resource", {});
  }
  const watchParam = url.searchParams.get("watch");
  const watching = watchParam === "true" || watchParam === "1";
  let verb: Verb;
  if (method === "GET" || method === "HEAD") {
    verb = watching ? "watch" : name ? "get" : "list";
  } else {
    verb = methodVerbs[method] ?? "get";
    if (verb === "delete" && !name) verb = "deletecollection";
  }
  if (subresource === "proxy" || subresource === "log") verb = method === "GET" ? "get" : verb;
  return {
    verb,
    type,
    namespace: type.namespaced ? namespace : type.plural === "namespaces" ? undefined : namespace,
    name,
    subresource,
    proxyPath: `/${proxyParts.join("/")}${url.pathname.endsWith("/") && proxyParts.length ? "/" : ""}`,
    query: url.searchParams,
  };
}
