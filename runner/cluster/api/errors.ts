import { qualifiedKind, qualifiedResource, type ResourceType } from "./catalog.ts";

export interface StatusCause {
  reason?: string;
  message: string;
  field?: string;
}

/** A failure the API answers with a `metav1.Status`, as kube-apiserver does. */
export class ApiError extends Error {
  readonly code: number;
  readonly reason: string;
  readonly details: Record<string, unknown> | undefined;
  readonly retryAfterSeconds: number | undefined;

  constructor(
    code: number,
    reason: string,
    message: string,
    details?: Record<string, unknown>,
    retryAfterSeconds?: number,
  ) {
    super(message);
    this.code = code;
    this.reason = reason;
    this.details = details;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  toStatus(): Record<string, unknown> {
    return {
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Failure",
      message: this.message,
      reason: this.reason,
      ...(this.details ? { details: this.details } : {}),
      code: this.code,
    };
  }
}

const detailsOf = (type: ResourceType, name: string) => ({
  name,
  ...(type.group ? { group: type.group } : {}),
  kind: type.plural,
});

export function notFound(type: ResourceType, name: string): ApiError {
  return new ApiError(
    404,
    "NotFound",
    `${qualifiedResource(type)} "${name}" not found`,
    detailsOf(type, name),
  );
}

export function alreadyExists(type: ResourceType, name: string): ApiError {
  return new ApiError(
    409,
    "AlreadyExists",
    `${qualifiedResource(type)} "${name}" already exists`,
    detailsOf(type, name),
  );
}

export function conflict(type: ResourceType, name: string, why: string): ApiError {
  return new ApiError(
    409,
    "Conflict",
    `Operation cannot be fulfilled on ${qualifiedResource(type)} "${name}": ${why}`,
    detailsOf(type, name),
  );
}

/** 422 with one cause per field, in the "Kind.group \"name\" is invalid: ..." wording kubectl prints. */
export function invalid(type: ResourceType, name: string, causes: StatusCause[]): ApiError {
  const listed = causes.map((c) => (c.field ? `${c.field}: ${c.message}` : c.message));
  const summary = listed.length === 1 ? listed[0] : `[${listed.join(", ")}]`;
  return new ApiError(422, "Invalid", `${qualifiedKind(type)} "${name}" is invalid: ${summary}`, {
    ...detailsOf(type, name),
    kind: type.kind,
    causes: causes.map((c) => ({ reason: c.reason ?? "FieldValueInvalid", ...c })),
  });
}

export function badRequest(message: string): ApiError {
  return new ApiError(400, "BadRequest", message);
}

export function forbidden(type: ResourceType | undefined, name: string, message: string): ApiError {
  const subject = type ? qualifiedResource(type) : "";
  const prefix = name ? `${subject} "${name}" is forbidden` : `${subject} is forbidden`;
  return new ApiError(
    403,
    "Forbidden",
    type ? `${prefix}: ${message}` : message,
    type ? detailsOf(type, name) : undefined,
  );
}

export function methodNotAllowed(message: string): ApiError {
  return new ApiError(405, "MethodNotAllowed", message);
}

export function gone(message: string): ApiError {
  return new ApiError(410, "Expired", message);
}
