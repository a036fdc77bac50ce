import type { Env } from "../env.ts";
import type { Budget, Grant } from "./org-rate-limiter.ts";

/**
 * Each isolate leases a small share of a window's budget from the organization's limiter and
 * spends it locally, so most requests make no call to the limiter at all. A lease is counted
 * as spent by the limiter when it is granted and ends with its window, so the organization
 * never gets more than its limit: the cost is the other way, at most `leaseSize - 1` requests
 * per isolate and window leased but unused, which other isolates are refused early.
 */
const LEASE_SHARE = 0.01;
export const MAX_LEASE = 100;

export const leaseSize = (limit: number): number =>
  Math.max(1, Math.min(MAX_LEASE, Math.floor(limit * LEASE_SHARE)));

export interface Decision {
  allowed: boolean;
  /** Of the deciding budget, as this isolate knows it. */
  budget: Budget;
  remaining: number;
  resetAt: number;
}

interface Lease {
  tokens: number;
  grant: Grant;
}

const leases = new Map<string, Lease>();
const pending = new Map<string, Promise<void>>();

const decision = (lease: Lease, allowed: boolean): Decision => ({
  allowed,
  budget: lease.grant.budget,
  remaining: lease.grant.remaining + lease.tokens,
  resetAt: lease.grant.resetAt,
});

async function renew(env: Env, organizationId: string, budgets: Budget[], id: string) {
  const limiter = env.RATE_LIMITER.get(env.RATE_LIMITER.idFromName(organizationId));
  const want = leaseSize(Math.min(...budgets.map((budget) => budget.limit)));
  const grant = await limiter.lease(budgets, want);
  leases.set(id, { tokens: grant.granted, grant });
}

/** The decision this isolate can take alone: spend a leased request, or refuse until reset. */
function decideLocally(id: string): Decision | undefined {
  const lease = leases.get(id);
  if (!lease || lease.grant.resetAt <= Date.now()) return undefined;
  if (lease.tokens > 0) {
    lease.tokens -= 1;
    return decision(lease, true);
  }
  return lease.grant.granted === 0 ? decision(lease, false) : undefined;
}

async function decideWithLimiter(
  env: Env,
  organizationId: string,
  budgets: Budget[],
  id: string,
): Promise<Decision> {
  for (;;) {
    // Concurrent requests of this isolate wait for one renewal instead of each leasing more.
    let renewal = pending.get(id);
    if (!renewal) {
      renewal = renew(env, organizationId, budgets, id).finally(() => pending.delete(id));
      pending.set(id, renewal);
    }
    await renewal;
    const decided = decideLocally(id);
    if (decided) return decided;
  }
}

/**
 * Spends one request of the organization's budgets: at once (no promise) when this isolate's
 * lease decides, else after asking the limiter. A spent budget is remembered until its window
 * ends, so the requests after the first refusal are refused without asking again.
 */
export function spend(
  env: Env,
  organizationId: string,
  budgets: Budget[],
): Decision | Promise<Decision> {
  const id = `${organizationId}/${budgets.map((budget) => `${budget.name}=${budget.limit}/${budget.windowSeconds}`).join(",")}`;
  return decideLocally(id) ?? decideWithLimiter(env, organizationId, budgets, id);
}
