/** An RFC 9457 problem from the API; `errors` name the fields that caused it. */
export interface FieldError {
  path: string;
  message: string;
}

export class ApiProblem extends Error {
  readonly status: number;
  readonly code: string;
  readonly errors: FieldError[];
  readonly requestId: string;

  constructor(
    status: number,
    code: string,
    detail: string,
    errors: FieldError[] = [],
    requestId = "",
  ) {
    super(detail);
    this.status = status;
    this.code = code;
    this.errors = errors;
    this.requestId = requestId;
  }

  /** Errors of the field at `path` (or below it), for showing next to that field. */
  forField(path: string): string | undefined {
    const messages = this.errors
      .filter((e) => e.path === path || e.path.startsWith(`${path}.`))
      .map((e) => (e.path === path ? e.message : `${e.path.slice(path.length + 1)}: ${e.message}`));
    return messages.length > 0 ? messages.join("; ") : undefined;
  }
}

export const fieldError = (error: unknown, path: string): string | undefined =>
  error instanceof ApiProblem ? error.forField(path) : undefined;
