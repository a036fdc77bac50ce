import type { ResourceType } from "../api/catalog.ts";
import { badRequest } from "../api/errors.ts";
import { asArray, field, isJsonObject, type JsonValue } from "../api/types.ts";
import type { UserInfo } from "../api/user.ts";
import type { AuthorizationAttributes, ClusterContext } from "../context.ts";

const text = (value: unknown) => (typeof value === "string" && value !== "" ? value : undefined);

function attributesOf(spec: unknown): AuthorizationAttributes {
  const resource = field(spec, "resourceAttributes");
  if (isJsonObject(resource)) {
    return {
      verb: text(resource.verb) ?? "",
      group: text(resource.group) ?? "",
      resource: text(resource.resource) ?? "",
      subresource: text(resource.subresource),
      namespace: text(resource.namespace),
      name: text(resource.name),
    };
  }
  const nonResource = field(spec, "nonResourceAttributes");
  return {
    verb: text(field(nonResource, "verb")) ?? "",
    group: "",
    resource: "",
    path: text(field(nonResource, "path")) ?? "",
  };
}

/**
 * SelfSubjectAccessReview (what `kubectl auth can-i` sends) asks about the caller;
 * SubjectAccessReview asks about the user named in its spec.
 */
export function answerReview(
  ctx: ClusterContext,
  caller: UserInfo,
  type: ResourceType,
  body: JsonValue,
) {
  if (!isJsonObject(body)) throw badRequest("the review must be an object");
  const spec = body.spec;
  const subject: UserInfo =
    type.kind === "SubjectAccessReview"
      ? {
          username: text(field(spec, "user")) ?? "",
          groups: asArray(field(spec, "groups")).map(String),
        }
      : caller;
  const allowed = ctx.authorize(subject, attributesOf(spec));
  return {
    ...body,
    metadata: { creationTimestamp: null, ...(isJsonObject(body.metadata) ? body.metadata : {}) },
    status: allowed ? { allowed: true, reason: "allowed by RBAC" } : { allowed: false },
  };
}
