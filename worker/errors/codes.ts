/**
 * The closed set of problem codes the API answers with, their HTTP status and title.
 * Clients branch on `code`; adding one is an API change.
 */
export const PROBLEMS = {
  malformed_body: { status: 400, title: "The request body is not valid JSON" },
  validation_failed: { status: 400, title: "The request is invalid" },
  unauthenticated: { status: 401, title: "Missing or invalid credentials" },
  forbidden: { status: 403, title: "The credential lacks the required scope" },
  not_found: { status: 404, title: "Not found" },
  slug_taken: { status: 409, title: "The slug is already in use" },
  domain_taken: { status: 409, title: "The domain is already routed to another tenant" },
  invalid_state: { status: 409, title: "The resource is not in a state that allows this" },
  idempotency_in_progress: {
    status: 409,
    title: "A request with this Idempotency-Key is still being processed",
  },
  organization_limit_reached: {
    status: 409,
    title: "The organization has reached a limit of its plan",
  },
  payload_too_large: { status: 413, title: "The request body is too large" },
  unsupported_media_type: { status: 415, title: "The request body must be application/json" },
  idempotency_key_reused: {
    status: 422,
    title: "This Idempotency-Key was used with a different request",
  },
  plan_limit_exceeded: {
    status: 422,
    title: "The tenant does not fit its plan's limits",
  },
  rate_limited: {
    status: 429,
    title: "Too many requests: the rate limit is spent until the window resets",
  },
  internal_error: { status: 500, title: "Internal error" },
  queue_unavailable: { status: 503, title: "The job could not be queued" },
  runner_unavailable: { status: 503, title: "The runner could not be reached" },
} as const;

export type ProblemCode = keyof typeof PROBLEMS;
export const PROBLEM_CODES = Object.keys(PROBLEMS) as [ProblemCode, ...ProblemCode[]];

export const problemTypeUri = (code: ProblemCode): string => `https://enclave.dev/problems/${code}`;
