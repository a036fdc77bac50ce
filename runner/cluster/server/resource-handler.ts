import type { IncomingMessage, ServerResponse } from "node:http";
import { groupVersion, type ResourceType } from "../api/catalog.ts";
import { ApiError, badRequest, methodNotAllowed, notFound } from "../api/errors.ts";
import { isJsonObject, type JsonValue, type KubeObject } from "../api/types.ts";
import type { UserInfo } from "../api/user.ts";
import type { ClusterContext } from "../context.ts";
import { answerReview } from "../rbac/reviews.ts";
import type { DeleteOptions } from "../verbs/deletes.ts";
import { listObjects } from "../verbs/reads.ts";
import type { PatchType, WriteOptions } from "../verbs/writes.ts";
import { parseBody, readBody, readObjectBody, sendJson } from "./body.ts";
import { parseLogOptions } from "./log-options.ts";
import type { ResourceRequest } from "./request-info.ts";
import { tableOf, wantsTable } from "./table.ts";
import { streamWatch } from "./watch-stream.ts";

const patchTypes: Record<string, PatchType> = {
  "application/json-patch+json": "json",
  "application/merge-patch+json": "merge",
  "application/strategic-merge-patch+json": "strategic",
  "application/apply-patch+yaml": "apply",
  "application/apply-patch+cbor": "apply",
};

/** The manager name kube-apiserver derives when a request names none: the User-Agent's program. */
function fieldManagerOf(request: ResourceRequest, req: IncomingMessage): string {
  const explicit = request.query.get("fieldManager");
  if (explicit) return explicit;
  return (req.headers["user-agent"] ?? "unknown").split("/")[0] || "unknown";
}

export interface HandlerInput {
  ctx: ClusterContext;
  request: ResourceRequest;
  user: UserInfo;
  req: IncomingMessage;
  res: ServerResponse;
  endWatchAfterMs?: number | undefined;
}

export async function handleResource(input: HandlerInput): Promise<void> {
  const { ctx, request, req, res, user } = input;
  const { type, namespace, name, subresource } = request;
  const warnings: string[] = [];
  const options: WriteOptions = {
    user,
    fieldManager: fieldManagerOf(request, req),
    dryRun: request.query.getAll("dryRun").includes("All"),
    warnings,
    ...(subresource === "status" ? { subresource } : {}),
  };
  const headers = (): Record<string, string[]> =>
    warnings.length ? { Warning: warnings.map((w) => `299 - "${w.replaceAll('"', "'")}"`) } : {};
  const readJsonBody = () => readObjectBody(req);

  if (type.createOnly) {
    if (request.verb !== "create")
      throw methodNotAllowed(`the server does not allow this method on the requested resource`);
    const review = await readJsonBody();
    sendJson(res, 201, answerReview(ctx, user, type, review));
    return;
  }
  if (subresource && !type.subresources.includes(subresource)) {
    throw new ApiError(404, "NotFound", "the server could not find the requested resource");
  }
  if (subresource === "log" || subresource === "proxy") {
    const target = ctx.store.mustGet(type, namespace, (name ?? "").split(":")[0] ?? "");
    if (subresource === "log") {
      ctx.nodes.streamLogs(target, parseLogOptions(target.metadata.name ?? "", request.query), res);
    } else if (type.kind === "Service") {
      await ctx.nodes.proxyToService(
        target,
        (name ?? "").split(":")[1],
        request.proxyPath,
        req,
        res,
      );
    } else {
      await ctx.nodes.proxyToPod(target, request.proxyPath, req, res);
    }
    return;
  }
  if (subresource === "token") {
    const body = await readJsonBody();
    ctx.store.mustGet(type, namespace, name ?? "");
    const spec = isJsonObject(body) && isJsonObject(body.spec) ? body.spec : {};
    const expiration = typeof spec.expirationSeconds === "number" ? spec.expirationSeconds : 3600;
    const audiences = Array.isArray(spec.audiences) ? spec.audiences.map(String) : [];
    const issued = ctx.issueToken(namespace ?? "", name ?? "", expiration, audiences);
    sendJson(res, 201, {
      kind: "TokenRequest",
      apiVersion: "authentication.k8s.io/v1",
      metadata: { name, namespace, creationTimestamp: null },
      spec: { audiences, expirationSeconds: expiration, boundObjectRef: null },
      status: issued,
    });
    return;
  }
  if (subresource === "scale") {
    await handleScale(input);
    return;
  }

  switch (request.verb) {
    case "get": {
      const object = ctx.store.mustGet(type, namespace, name ?? "");
      sendJson(
        res,
        200,
        wantsTable(req.headers.accept)
          ? tableOf(type, [object], object.metadata.resourceVersion ?? "")
          : object,
      );
      return;
    }
    case "list": {
      const limit = request.query.get("limit");
      const list = listObjects(ctx.store, type, {
        namespace,
        labelSelector: request.query.get("labelSelector"),
        fieldSelector: request.query.get("fieldSelector"),
        limit: limit ? Number(limit) : undefined,
        continueToken: request.query.get("continue"),
      });
      if (wantsTable(req.headers.accept)) {
        const table = tableOf(type, list.items, list.metadata.resourceVersion);
        sendJson(res, 200, { ...table, metadata: list.metadata });
      } else sendJson(res, 200, list);
      return;
    }
    case "watch": {
      const timeout = Number(request.query.get("timeoutSeconds") ?? "1800");
      streamWatch(ctx.store, res, {
        type,
        namespace,
        resourceVersion: request.query.get("resourceVersion"),
        labelSelector: request.query.get("labelSelector"),
        fieldSelector: request.query.get("fieldSelector"),
        bookmarks: request.query.get("allowWatchBookmarks") === "true",
        bookmarkIntervalMs: ctx.timings.bookmarkIntervalMs,
        timeoutSeconds: Number.isFinite(timeout) && timeout > 0 ? timeout : 1800,
        asTable: wantsTable(req.headers.accept),
        endAfterMs: input.endWatchAfterMs,
      });
      return;
    }
    case "create": {
      if (name)
        throw methodNotAllowed("the server does not allow this method on the requested resource");
      const body = await readJsonBody();
      const object = asKubeObject(body, type);
      if (type.namespaced) {
        const bodyNamespace = object.metadata.namespace;
        if (bodyNamespace && bodyNamespace !== namespace) {
          throw badRequest(
            "the namespace of the provided object does not match the namespace sent on the request",
          );
        }
        object.metadata.namespace = namespace;
      }
      const created = await ctx.writes.create(type, object, options);
      sendJson(res, 201, created, headers());
      return;
    }
    case "update": {
      const object = asKubeObject(await readJsonBody(), type);
      if (object.metadata.name && object.metadata.name !== name) {
        throw badRequest(
          `the name of the object (${object.metadata.name}) does not match the name on the URL (${name})`,
        );
      }
      object.metadata = { ...object.metadata, name, ...(type.namespaced ? { namespace } : {}) };
      if (subresource === "finalize") {
        sendJson(res, 200, ctx.store.update(type, object), headers());
        return;
      }
      sendJson(res, 200, await ctx.writes.update(type, object, options), headers());
      return;
    }
    case "patch": {
      const contentType = (req.headers["content-type"] ?? "").split(";")[0]?.trim() ?? "";
      const patchType = patchTypes[contentType];
      if (!patchType) {
        throw new ApiError(
          415,
          "UnsupportedMediaType",
          `the body of the request was in an unknown format - accepted media types include: ${Object.keys(patchTypes).join(", ")}`,
        );
      }
      if (patchType === "apply" && !request.query.get("fieldManager")) {
        throw badRequest(
          "PATCH, application/apply-patch+yaml requests must provide a fieldManager",
        );
      }
      const existed = ctx.store.get(type, namespace, name ?? "") !== undefined;
      const patched = await ctx.writes.patch(
        type,
        namespace,
        name ?? "",
        patchType,
        await readJsonBody(),
        {
          ...options,
          force: request.query.get("force") === "true",
        },
      );
      sendJson(res, existed ? 200 : 201, patched, headers());
      return;
    }
    case "delete": {
      const text = await readBody(req);
      const deleteOptions = deleteOptionsOf(
        text ? parseBody(text, "application/json") : {},
        request,
      );
      sendJson(res, 200, await ctx.writes.delete(type, namespace, name ?? "", deleteOptions));
      return;
    }
    case "deletecollection": {
      const text = await readBody(req);
      const deleteOptions = deleteOptionsOf(
        text ? parseBody(text, "application/json") : {},
        request,
      );
      const list = listObjects(ctx.store, type, {
        namespace,
        labelSelector: request.query.get("labelSelector"),
        fieldSelector: request.query.get("fieldSelector"),
      });
      const items: KubeObject[] = [];
      for (const object of list.items) {
        items.push(
          await ctx.writes.delete(
            type,
            object.metadata.namespace,
            object.metadata.name ?? "",
            deleteOptions,
          ),
        );
      }
      sendJson(res, 200, { ...list, items });
      return;
    }
  }
}

function asKubeObject(body: JsonValue, type: ResourceType): KubeObject {
  if (!isJsonObject(body)) throw badRequest("the request body must be an object");
  const object = body as unknown as KubeObject;
  if (object.kind && object.kind !== type.kind) {
    throw badRequest(
      `the API version in the data (${object.apiVersion}) does not match the expected API version (${groupVersion(type)})`,
    );
  }
  object.apiVersion = groupVersion(type);
  object.kind = type.kind;
  if (!isJsonObject(object.metadata)) object.metadata = {};
  return object;
}

function deleteOptionsOf(body: JsonValue, request: ResourceRequest): DeleteOptions {
  const value = isJsonObject(body) ? body : {};
  const policy = request.query.get("propagationPolicy") ?? value.propagationPolicy;
  const preconditions = isJsonObject(value.preconditions) ? value.preconditions : {};
  return {
    ...(policy === "Background" || policy === "Foreground" || policy === "Orphan"
      ? { propagationPolicy: policy }
      : {}),
    preconditions: {
      ...(typeof preconditions.uid === "string" ? { uid: preconditions.uid } : {}),
      ...(typeof preconditions.resourceVersion === "string"
        ? { resourceVersion: preconditions.resourceVersion }
        : {}),
    },
    dryRun:
      request.query.getAll("dryRun").includes("All") ||
      (Array.isArray(value.dryRun) && value.dryRun.includes("All")),
  };
}

async function handleScale(input: HandlerInput): Promise<void> {
  const { ctx, request, req, res, user } = input;
  const { type, namespace, name } = request;
  const object = ctx.store.mustGet(type, namespace, name ?? "");
  const scaleOf = (o: KubeObject) => ({
    kind: "Scale",
    apiVersion: "autoscaling/v1",
    metadata: {
      name: o.metadata.name,
      namespace: o.metadata.namespace,
      uid: o.metadata.uid,
      resourceVersion: o.metadata.resourceVersion,
      creationTimestamp: o.metadata.creationTimestamp,
    },
    spec: { replicas: (o.spec as { replicas?: number } | undefined)?.replicas ?? 0 },
    status: { replicas: (o.status as { replicas?: number } | undefined)?.replicas ?? 0 },
  });
  if (request.verb === "get") {
    sendJson(res, 200, scaleOf(object));
    return;
  }
  const body = parseBody(await readBody(req), req.headers["content-type"]);
  const replicasOf = (value: JsonValue): unknown =>
    isJsonObject(value) && isJsonObject(value.spec) ? value.spec.replicas : undefined;
  const replicas = replicasOf(body);
  if (typeof replicas !== "number") throw badRequest("scale requires spec.replicas");
  if (!object) throw notFound(type, name ?? "");
  const updated = await ctx.writes.update(
    type,
    { ...object, spec: { ...(object.spec as object), replicas } },
    {
      user,
      fieldManager: fieldManagerOf(request, req),
      dryRun: false,
    },
  );
  sendJson(res, 200, scaleOf(updated));
}
