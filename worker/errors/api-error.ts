import { PROBLEMS, type ProblemCode } from "./codes.ts";

export interface FieldError {
  path: string;
  message: string;
}

/** The one error type handlers throw; `app.onError` turns it into application/problem+json. */
export class ApiError extends Error {
  readonly code: ProblemCode;
  readonly status: number;
  readonly errors: FieldError[] | undefined;

  constructor(code: ProblemCode, detail?: string, errors?: FieldError[]) {
    super(detail ?? PROBLEMS[code].title);
    this.name = "ApiError";
    this.code = code;
    this.status = PROBLEMS[code].status;
    this.errors = errors;
  }
}

export const notFound = (what: string): ApiError => new ApiError("not_found", `${what} not found`);
