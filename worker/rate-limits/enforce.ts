import type { Context, Next } from "hono";
import type { Principal } from "../auth/principal.ts";
import type { PlatformConfig } from "../contracts/index.ts";
import { ApiError } from "../errors/api-error.ts";
import { problemResponse } from "../errors/problem.ts";
import type { AppEnv } from "../lib/types.ts";
import { countRequest } from "../usage/request-tally.ts";
import { budgetsOf } from "./budgets.ts";
import { rateLimitField, rateLimitPolicyField, secondsUntil } from "./headers.ts";
import { type Decision, spend } from "./isolate-leases.ts";
import type { Budget } from "./org-rate-limiter.ts";

/** Reads change nothing, so they may run while the limiter is still deciding. */
const READS = new Set(["GET", "HEAD"]);

function stamp(headers: Headers, budgets: Budget[], decision: Decision): void {
  headers.set("RateLimit-Policy", rateLimitPolicyField(budgets));
  headers.set("RateLimit", rateLimitField(decision.budget, decision.remaining, decision.resetAt));
}

function refusal(c: Context<AppEnv>, decision: Decision): Response {
  const retryAfter = Math.max(1, secondsUntil(decision.resetAt));
  const which = decision.budget.name === "org" ? "organization's" : "API key's";
  const res = problemResponse(
    c,
    new ApiError(
      "rate_limited",
      `The ${which} limit of ${decision.budget.limit} requests per ${decision.budget.windowSeconds} s is spent; retry in ${retryAfter} s`,
    ),
  );
  res.headers.set("Retry-After", String(retryAfter));
  return res;
}

/**
 * Spends one request of the principal's budgets around the rest of the request: a refusal is
 * a 429 before the handler runs (or, for a read that ran while the limiter was asked, instead
 * of its answer), and every response carries the RateLimit fields.
 */
export async function enforceRateLimit(
  c: Context<AppEnv>,
  next: Next,
  principal: Principal,
  config: PlatformConfig,
): Promise<void> {
  const budgets = budgetsOf(config, principal);
  const spent = spend(c.env, principal.organizationId, budgets);
  let decision: Decision;
  if (!(spent instanceof Promise)) {
    decision = spent;
    if (decision.allowed) await next();
  } else if (READS.has(c.req.method)) {
    spent.catch(() => undefined);
    await next();
    decision = await spent;
  } else {
    decision = await spent;
    if (decision.allowed) await next();
  }
  if (decision.allowed) {
    countRequest(c.env, principal.organizationId, (p) => c.executionCtx.waitUntil(p));
  } else c.res = refusal(c, decision);
  stamp(c.res.headers, budgets, decision);
}
