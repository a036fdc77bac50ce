import { z } from "@hono/zod-openapi";
import { PROBLEM_CODES } from "./codes.ts";
import { PROBLEM_CONTENT_TYPE } from "./problem.ts";

export const ProblemSchema = z
  .object({
    type: z.string().openapi({ example: "https://enclave.dev/problems/not_found" }),
    title: z.string(),
    status: z.number().int(),
    code: z.enum(PROBLEM_CODES),
    detail: z.string(),
    instance: z.string(),
    requestId: z.string(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .openapi("Problem");

export const problemSpec = (description: string) => ({
  description,
  content: { [PROBLEM_CONTENT_TYPE]: { schema: ProblemSchema } },
});

/** The error responses every authenticated route can give, for the OpenAPI document. */
export const commonProblems = {
  400: problemSpec("Invalid request (field paths in `errors`)"),
  401: problemSpec("Missing or invalid credentials"),
  403: problemSpec("Missing scope"),
  404: problemSpec("Not found (also for another organization's objects)"),
  413: problemSpec("Body too large"),
  415: problemSpec("Body is not JSON"),
  429: problemSpec(
    "The organization's (or the key's) rate limit is spent, for provider credentials; `Retry-After` says when to retry",
  ),
  500: problemSpec("Internal error"),
} as const;

/** Additional responses of POST routes, which honour `Idempotency-Key`. */
export const idempotencyProblems = {
  409: problemSpec("Conflict, or a request with this Idempotency-Key is still running"),
  422: problemSpec("Idempotency-Key reused with a different body"),
} as const;
