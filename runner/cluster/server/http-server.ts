import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import { createServer as createHttpsServer } from "node:https";
import { setTimeout as sleep } from "node:timers/promises";
import { ApiError } from "../api/errors.ts";
import type { UserInfo } from "../api/user.ts";
import type { Tokens } from "../auth/tokens.ts";
import { canImpersonate } from "../auth/tokens.ts";
import type { AuthorizationAttributes, ClusterContext } from "../context.ts";
import {
  apiGroup,
  apiGroupList,
  apiResourceList,
  coreVersions,
  versionInfo,
} from "../discovery/discovery.ts";
import { openApiDocument } from "../discovery/openapi.ts";
import type { Faults } from "../faults/faults.ts";
import { forbiddenMessage } from "../rbac/authorizer.ts";
import { sendError, sendJson } from "./body.ts";
import { parseResourceRequest } from "./request-info.ts";
import { handleResource } from "./resource-handler.ts";

export interface ServerDeps {
  ctx: ClusterContext;
  tokens: Tokens;
  faults: Faults;
  /** The non-Kubernetes `/_emulator/...` routes (scripts, faults), admin only. */
  emulatorRoutes(path: string, req: IncomingMessage, res: ServerResponse): Promise<void>;
  tls?: { key: string; cert: string; ca: string };
}

export interface ApiServer {
  server: Server;
  requestCount(): number;
}

function discoveryDocument(path: string, serverAddress: string): unknown {
  if (path === "/version" || path === "/version/") return versionInfo();
  if (path === "/api" || path === "/api/") return coreVersions(serverAddress);
  if (path === "/api/v1") return apiResourceList("", "v1");
  if (path === "/apis" || path === "/apis/") return apiGroupList();
  const group = /^\/apis\/([^/]+)\/?$/.exec(path);
  if (group) return apiGroup(group[1] ?? "");
  const groupVersion = /^\/apis\/([^/]+)\/([^/]+)\/?$/.exec(path);
  if (groupVersion) return apiResourceList(groupVersion[1] ?? "", groupVersion[2] ?? "");
  if (path.startsWith("/openapi/")) return openApiDocument(path);
  return undefined;
}

/** The Kubernetes API over HTTP(S): authentication, faults, authorization, then the verbs. */
export function createApiServer(deps: ServerDeps): ApiServer {
  let served = 0;
  const { ctx, tokens, faults } = deps;
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    served += 1;
    const url = new URL(req.url ?? "/", "http://embedded");
    const path = url.pathname;
    if (["/healthz", "/livez", "/readyz"].includes(path)) {
      res.writeHead(200, { "Content-Type": "text/plain" }).end("ok");
      return;
    }
    const user = tokens.authenticate(req, canImpersonate);
    if (path.startsWith("/_emulator/")) {
      if (!ctx.authorize(user, { verb: "*", group: "", resource: "", path })) {
        throw new ApiError(
          403,
          "Forbidden",
          forbiddenMessage(user, { verb: "*", group: "", resource: "", path }),
        );
      }
      await deps.emulatorRoutes(path, req, res);
      return;
    }
    const request = parseResourceRequest(req.method ?? "GET", url);
    if (!request) {
      const attributes: AuthorizationAttributes = {
        verb: (req.method ?? "GET").toLowerCase(),
        group: "",
        resource: "",
        path,
      };
      if (!ctx.authorize(user, attributes))
        throw new ApiError(403, "Forbidden", forbiddenMessage(user, attributes));
      const document = discoveryDocument(
        path.replace(/\/+$/, "") || "/",
        `${req.socket.localAddress}:${req.socket.localPort}`,
      );
      if (document === undefined)
        throw new ApiError(404, "NotFound", "the server could not find the requested resource");
      sendJson(res, 200, document);
      return;
    }
    const decision = faults.decide({
      verb: request.verb,
      resource: request.type.plural,
      namespace: request.namespace,
    });
    if (decision.latencyMs > 0) await sleep(decision.latencyMs);
    if (decision.drop) {
      // The connection goes after a status line, as if the server died mid-answer. Closed
      // before any byte, it looks like an idle keep-alive close, which Go's transport
      // (kubectl) answers by silently resending an idempotent request: the caller saw no
      // failure and the rule's `times` was spent twice.
      req.socket.end("HTTP/1.1 503 Service Unavailable\r\n", () => req.socket.destroy());
      return;
    }
    if (decision.error) {
      const { status, retryAfterSeconds, message } = decision.error;
      const reason =
        status === 429
          ? "TooManyRequests"
          : status === 503
            ? "ServiceUnavailable"
            : "InternalError";
      throw new ApiError(
        status,
        reason,
        message ?? `injected fault: ${reason}`,
        undefined,
        retryAfterSeconds,
      );
    }
    authorizeResource(ctx, user, request);
    await handleResource({
      ctx,
      request,
      user,
      req,
      res,
      endWatchAfterMs: decision.watchEndAfterMs,
    });
  };
  const listener = (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res).catch((error: unknown) => sendError(res, error));
  };
  const server = deps.tls
    ? createHttpsServer({ ...deps.tls, requestCert: true, rejectUnauthorized: false }, listener)
    : createHttpServer(listener);
  return { server, requestCount: () => served };
}

function authorizeResource(
  ctx: ClusterContext,
  user: UserInfo,
  request: NonNullable<ReturnType<typeof parseResourceRequest>>,
) {
  const attributes: AuthorizationAttributes = {
    verb:
      request.subresource === "proxy" || request.subresource === "log"
        ? proxyVerb(request.verb)
        : request.verb,
    group: request.type.group,
    resource: request.type.plural,
    subresource: request.subresource,
    namespace: request.type.plural === "namespaces" ? request.name : request.namespace,
    name: request.subresource === "proxy" ? request.name?.split(":")[0] : request.name,
  };
  if (request.type.plural === "namespaces" && request.verb !== "get" && !request.subresource)
    attributes.namespace = undefined;
  if (!ctx.authorize(user, attributes)) {
    const subject = request.name
      ? `${request.type.group ? `${request.type.plural}.${request.type.group}` : request.type.plural} "${request.name}"`
      : request.type.group
        ? `${request.type.plural}.${request.type.group}`
        : request.type.plural;
    throw new ApiError(
      403,
      "Forbidden",
      `${subject} is forbidden: ${forbiddenMessage(user, attributes)}`,
      {
        ...(request.name ? { name: request.name } : {}),
        ...(request.type.group ? { group: request.type.group } : {}),
        kind: request.type.plural,
      },
    );
  }
}

const proxyVerb = (verb: string) => (verb === "list" ? "get" : verb);
