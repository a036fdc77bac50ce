import { randomUUID } from "node:crypto";
import type { AdmissionPlugin, AdmissionRequest } from "../admission/types.ts";
import { isCustomResource, type ResourceType } from "../api/catalog.ts";
import { ApiError, badRequest, conflict, invalid, notFound } from "../api/errors.ts";
import { clone, isJsonObject, type JsonValue, type KubeObject } from "../api/types.ts";
import type { UserInfo } from "../api/user.ts";
import { recordUpdate, serverSideApply } from "../patch/apply.ts";
import { jsonPatch, mergePatch } from "../patch/merge-patch.ts";
import { strategicMergePatch } from "../patch/strategic.ts";
import type { ObjectStore } from "../store/store.ts";
import { type DeleteOptions, deleteObject } from "./deletes.ts";

export interface WriteOptions {
  user: UserInfo;
  fieldManager: string;
  dryRun: boolean;
  subresource?: string;
  warnings?: string[];
}

export type PatchType = "json" | "merge" | "strategic" | "apply";

const randomSuffix = () => Math.random().toString(36).slice(2, 7).padEnd(5, "x");

/**
 * The write verbs with kube-apiserver semantics: admission, optimistic concurrency,
 * status subresource separation, managed fields, dry run. Controllers use these too,
 * so their writes meet the same admission (quota, Pod Security) as on a real cluster.
 */
export class Writes {
  private readonly store: ObjectStore;
  private readonly plugins: AdmissionPlugin[];

  constructor(store: ObjectStore, plugins: AdmissionPlugin[]) {
    this.store = store;
    this.plugins = plugins;
  }

  async create(type: ResourceType, input: KubeObject, options: WriteOptions): Promise<KubeObject> {
    const object = clone(input);
    if (!isJsonObject(object.metadata)) object.metadata = {};
    if (!object.metadata.name && object.metadata.generateName) {
      object.metadata.name = `${object.metadata.generateName}${randomSuffix()}`;
    }
    if (!object.metadata.name) {
      throw invalid(type, "", [
        {
          field: "metadata.name",
          message: "Required value: name or generateName is required",
          reason: "FieldValueRequired",
        },
      ]);
    }
    for (const key of [
      "uid",
      "resourceVersion",
      "creationTimestamp",
      "deletionTimestamp",
      "generation",
    ] as const) {
      delete object.metadata[key];
    }
    delete object.metadata.managedFields;
    // Assigned before admission because defaulting derives from it (a Job's selector).
    object.metadata.uid = randomUUID();
    if (type.subresources.includes("status")) delete object.status;
    const admitted = await this.admit({
      operation: "CREATE",
      type,
      object,
      oldObject: undefined,
      options,
    });
    const tracked = recordUpdate(
      type,
      isCustomResource(type),
      undefined,
      admitted,
      options.fieldManager,
    );
    if (options.dryRun) return { ...tracked, metadata: { ...tracked.metadata, uid: "dry-run" } };
    return this.store.create(type, tracked);
  }

  async update(type: ResourceType, input: KubeObject, options: WriteOptions): Promise<KubeObject> {
    const name = input.metadata?.name ?? "";
    const current = this.store.mustGet(type, input.metadata?.namespace, name);
    const rv = input.metadata?.resourceVersion;
    if (rv && rv !== current.metadata.resourceVersion) {
      throw conflict(
        type,
        name,
        "the object has been modified; please apply your changes to the latest version and try again",
      );
    }
    const next = this.shapeUpdate(type, current, clone(input), options.subresource);
    return this.persistUpdate(type, current, next, options);
  }

  async patch(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    patchType: PatchType,
    body: JsonValue,
    options: WriteOptions & { force: boolean },
  ): Promise<KubeObject> {
    const current = this.store.get(type, namespace, name);
    if (patchType === "apply") {
      if (!isJsonObject(body)) throw badRequest("apply patch must be an object");
      const applied = body as unknown as KubeObject;
      if (applied.metadata?.name && applied.metadata.name !== name) {
        throw badRequest(
          `the name of the object (${applied.metadata.name}) does not match the name on the URL (${name})`,
        );
      }
      const withIdentity: KubeObject = {
        ...applied,
        metadata: { ...applied.metadata, name, ...(namespace ? { namespace } : {}) },
      };
      if (!current) {
        const created = serverSideApply({
          type,
          custom: isCustomResource(type),
          live: {
            apiVersion: applied.apiVersion,
            kind: applied.kind,
            metadata: { name, namespace, uid: randomUUID() },
          },
          applied: withIdentity,
          manager: options.fieldManager,
          force: options.force,
        });
        const admitted = await this.admit({
          operation: "CREATE",
          type,
          object: created,
          oldObject: undefined,
          options,
        });
        if (options.dryRun) return admitted;
        return this.store.create(type, admitted);
      }
      const merged = serverSideApply({
        type,
        custom: isCustomResource(type),
        live: current,
        applied: withIdentity,
        manager: options.fieldManager,
        force: options.force,
        ...(options.subresource ? { subresource: options.subresource } : {}),
      });
      const next = this.shapeUpdate(type, current, merged, options.subresource);
      return this.persistUpdate(type, current, next, options, true);
    }
    if (!current) throw notFound(type, name);
    if (patchType === "strategic" && isCustomResource(type)) {
      throw new ApiError(
        415,
        "UnsupportedMediaType",
        "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml",
      );
    }
    const patched =
      patchType === "json"
        ? jsonPatch(current as unknown as JsonValue, body)
        : patchType === "merge"
          ? mergePatch(current as unknown as JsonValue, body)
          : strategicMergePatch(current as unknown as JsonValue, body);
    if (!isJsonObject(patched)) throw badRequest("patch did not produce an object");
    const result = patched as unknown as KubeObject;
    const rv = result.metadata?.resourceVersion;
    if (rv && rv !== current.metadata.resourceVersion) {
      throw conflict(
        type,
        name,
        "the object has been modified; please apply your changes to the latest version and try again",
      );
    }
    const next = this.shapeUpdate(type, current, result, options.subresource);
    return this.persistUpdate(type, current, next, options);
  }

  async delete(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    options: DeleteOptions,
  ): Promise<KubeObject> {
    return deleteObject(this.store, type, namespace, name, options);
  }

  /** Keeps what a write to one part may not change: status on the main resource, the rest on /status. */
  private shapeUpdate(
    type: ResourceType,
    current: KubeObject,
    next: KubeObject,
    subresource?: string,
  ): KubeObject {
    next.apiVersion = current.apiVersion;
    next.kind = current.kind;
    next.metadata = {
      ...next.metadata,
      name: current.metadata.name,
      namespace: current.metadata.namespace,
    };
    if (subresource === "status") {
      return {
        ...current,
        status: next.status,
        metadata: { ...current.metadata, resourceVersion: current.metadata.resourceVersion },
      };
    }
    if (type.subresources.includes("status")) {
      if (current.status === undefined) delete next.status;
      else next.status = current.status;
    }
    return next;
  }

  private async persistUpdate(
    type: ResourceType,
    current: KubeObject,
    next: KubeObject,
    options: WriteOptions,
    managedByApply = false,
  ): Promise<KubeObject> {
    const admitted = await this.admit({
      operation: "UPDATE",
      type,
      object: next,
      oldObject: current,
      options,
    });
    const tracked = managedByApply
      ? admitted
      : recordUpdate(
          type,
          isCustomResource(type),
          current,
          admitted,
          options.fieldManager,
          options.subresource,
        );
    if (options.dryRun) return tracked;
    return this.store.update(type, {
      ...tracked,
      metadata: { ...tracked.metadata, resourceVersion: current.metadata.resourceVersion },
    });
  }

  private async admit(input: {
    operation: "CREATE" | "UPDATE";
    type: ResourceType;
    object: KubeObject;
    oldObject: KubeObject | undefined;
    options: WriteOptions;
  }): Promise<KubeObject> {
    const request: AdmissionRequest = {
      operation: input.operation,
      type: input.type,
      object: input.object,
      oldObject: input.oldObject,
      subresource: input.options.subresource,
      user: input.options.user,
      store: this.store,
      warnings: input.options.warnings ?? [],
    };
    for (const plugin of this.plugins) plugin.mutate?.(request);
    for (const plugin of this.plugins) await plugin.validate?.(request);
    return request.object;
  }
}
