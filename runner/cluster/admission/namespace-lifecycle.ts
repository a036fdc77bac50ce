import { mustFindByKind } from "../api/catalog.ts";
import { ApiError, forbidden } from "../api/errors.ts";
import type { AdmissionPlugin } from "./types.ts";

const namespaces = mustFindByKind("v1", "Namespace");

/** NamespaceLifecycle: content may only be created in a namespace that exists and is not terminating. */
export const namespaceLifecycle: AdmissionPlugin = {
  name: "NamespaceLifecycle",
  validate({ operation, type, object, store }) {
    if (!type.namespaced || operation !== "CREATE") return;
    const name = object.metadata.namespace ?? "";
    const namespace = store.get(namespaces, undefined, name);
    if (!namespace) {
      throw new ApiError(404, "NotFound", `namespaces "${name}" not found`, {
        name,
        kind: "namespaces",
      });
    }
    if (namespace.metadata.deletionTimestamp) {
      throw forbidden(
        type,
        object.metadata.name ?? "",
        `unable to create new content in namespace ${name} because it is being terminated`,
      );
    }
  },
};
