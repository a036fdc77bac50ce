import type { Budget } from "./org-rate-limiter.ts";

/**
 * The RateLimit and RateLimit-Policy fields of the IETF draft "RateLimit header fields for
 * HTTP" (draft-ietf-httpapi-ratelimit-headers-11): structured-field lists of named policies,
 * `q` the quota and `w` the window in seconds; `r` what is left and `t` the seconds until the
 * window resets. A key's own budget is named "key", never by its id.
 */
const policyName = (budget: Budget) => (budget.name === "org" ? "org" : "key");

export const rateLimitPolicyField = (budgets: Budget[]): string =>
  budgets
    .map((budget) => `"${policyName(budget)}";q=${budget.limit};w=${budget.windowSeconds}`)
    .join(", ");

export const secondsUntil = (epochMs: number, now = Date.now()): number =>
  Math.max(0, Math.ceil((epochMs - now) / 1000));

export const rateLimitField = (budget: Budget, remaining: number, resetAt: number): string =>
  `"${policyName(budget)}";r=${Math.max(0, remaining)};t=${secondsUntil(resetAt)}`;
