import type { Context, ErrorHandler, NotFoundHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ZodError } from "zod";
import { createLogger } from "../lib/logger.ts";
import type { AppEnv } from "../lib/types.ts";
import { ApiError, type FieldError } from "./api-error.ts";
import { PROBLEMS, type ProblemCode, problemTypeUri } from "./codes.ts";

export const PROBLEM_CONTENT_TYPE = "application/problem+json";

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  code: ProblemCode;
  detail: string;
  instance: string;
  requestId: string;
  errors?: FieldError[];
}

export function problemBody(c: Context<AppEnv>, error: ApiError): ProblemBody {
  const body: ProblemBody = {
    type: problemTypeUri(error.code),
    title: PROBLEMS[error.code].title,
    status: error.status,
    code: error.code,
    detail: error.message,
    instance: new URL(c.req.url).pathname,
    requestId: c.get("requestId") ?? "",
  };
  if (error.errors) body.errors = error.errors;
  return body;
}

export function problemResponse(c: Context<AppEnv>, error: ApiError): Response {
  return new Response(JSON.stringify(problemBody(c, error)), {
    status: error.status,
    headers: { "content-type": PROBLEM_CONTENT_TYPE },
  });
}

const HTTP_EXCEPTION_CODES: Record<number, ProblemCode> = {
  400: "malformed_body",
  401: "unauthenticated",
  404: "not_found",
  413: "payload_too_large",
  415: "unsupported_media_type",
};

/** Known errors keep their code; anything else is logged and answered without internals. */
export const onError: ErrorHandler<AppEnv> = (err, c) => {
  if (err instanceof ApiError) return problemResponse(c, err);
  if (err instanceof HTTPException) {
    const code = HTTP_EXCEPTION_CODES[err.status];
    if (code) return problemResponse(c, new ApiError(code));
  }
  const logger = c.get("logger") ?? createLogger({ requestId: c.get("requestId") });
  logger.error("unhandled error", { error: String(err) });
  return problemResponse(c, new ApiError("internal_error", "An unexpected error occurred"));
};

export const onNotFound: NotFoundHandler<AppEnv> = (c) =>
  problemResponse(c, new ApiError("not_found", "No such route"));

export function fieldErrors(error: ZodError): FieldError[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join(".") || "(root)",
    message: issue.message,
  }));
}

/** The zod validation hook of every router: field paths in `errors`, nothing else echoed. */
export const validationHook = (
  result: { success: true } | { success: false; error: ZodError },
  _c: Context<AppEnv>,
): undefined => {
  if (!result.success) {
    throw new ApiError("validation_failed", "The request is invalid", fieldErrors(result.error));
  }
};
