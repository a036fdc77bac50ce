/** One invalid input, with the dotted path of the offending field (e.g. `services.0.port`). */
export type FieldError = { path: string; message: string; code?: string };

export type ProblemFields = {
  status: number;
  code: string;
  title: string;
  detail?: string;
  type?: string;
  fieldErrors?: FieldError[];
  requestId?: string;
};

/** A non-2xx answer of the API, parsed from its RFC 9457 `application/problem+json` body. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly detail: string | undefined;
  readonly type: string | undefined;
  readonly fieldErrors: FieldError[];
  readonly requestId: string | undefined;

  constructor(problem: ProblemFields) {
    super(problem.detail ? `${problem.title}: ${problem.detail}` : problem.title);
    this.name = "ApiError";
    this.status = problem.status;
    this.code = problem.code;
    this.title = problem.title;
    this.detail = problem.detail;
    this.type = problem.type;
    this.fieldErrors = problem.fieldErrors ?? [];
    this.requestId = problem.requestId;
  }
}

/** The API could not be reached, or the connection broke before an answer arrived. */
export class ConnectionError extends Error {
  readonly url: string;

  constructor(url: string, cause: unknown) {
    const reason = cause instanceof Error ? describeCause(cause) : String(cause);
    super(`cannot reach ${url}: ${reason}`, { cause });
    this.name = "ConnectionError";
    this.url = url;
  }
}

const describeCause = (error: Error): string => {
  // fetch wraps the socket error ("fetch failed"); the useful part is underneath.
  const inner = error.cause;
  if (inner instanceof Error) {
    const code = (inner as Error & { code?: unknown }).code;
    return typeof code === "string" ? `${code} (${inner.message})` : inner.message;
  }
  return error.message;
};

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

const str = (value: unknown): string | undefined =>
  typeof value === "string" && value.length > 0 ? value : undefined;

const fieldPath = (value: unknown): string => {
  if (Array.isArray(value)) return value.map(String).join(".");
  if (typeof value === "string") return value.replace(/^#?\//, "").replaceAll("/", ".");
  return "";
};

/**
 * Field errors come as `errors`, `invalidParams` or `invalid-params` depending on the server's
 * RFC 9457 extension naming; paths as arrays (zod issues), dotted strings or JSON pointers.
 */
const parseFieldErrors = (body: Record<string, unknown>): FieldError[] => {
  const list = body.errors ?? body.fieldErrors ?? body.invalidParams ?? body["invalid-params"];
  if (!Array.isArray(list)) return [];
  return list.filter(isRecord).map((entry) => {
    const code = str(entry.code);
    return {
      path: fieldPath(entry.path ?? entry.pointer ?? entry.name ?? entry.field),
      message: str(entry.message) ?? str(entry.reason) ?? str(entry.detail) ?? "is invalid",
      ...(code ? { code } : {}),
    };
  });
};

/** Builds the error for a failed response from its status, headers and (maybe JSON) body. */
export const apiErrorFrom = (
  status: number,
  statusText: string,
  headers: Headers,
  body: string,
) => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    parsed = undefined;
  }
  const problem = isRecord(parsed) ? parsed : {};
  const requestId =
    str(problem.requestId) ?? str(problem.request_id) ?? str(headers.get("x-request-id"));
  const detail = str(problem.detail) ?? (isRecord(parsed) ? undefined : str(body.trim()));
  return new ApiError({
    status,
    code: str(problem.code) ?? `http_${status}`,
    title: str(problem.title) ?? (statusText || `HTTP ${status}`),
    detail: detail && detail.length > 500 ? `${detail.slice(0, 500)}…` : detail,
    type: str(problem.type),
    fieldErrors: parseFieldErrors(problem),
    requestId,
  });
};
