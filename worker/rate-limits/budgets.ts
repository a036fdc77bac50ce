import type { Principal } from "../auth/principal.ts";
import type { PlanQuota, PlatformConfig } from "../contracts/index.ts";
import type { Budget } from "./org-rate-limiter.ts";

/** The organization's plan; one the configuration no longer has falls back to the default. */
export function organizationPlan(
  config: PlatformConfig,
  principal: Pick<Principal, "organizationPlan">,
): { name: string; quota: PlanQuota } {
  for (const name of [principal.organizationPlan ?? config.defaultPlan, config.defaultPlan]) {
    const quota = config.plans[name];
    if (quota) return { name, quota };
  }
  throw new Error("the platform configuration has no default plan");
}

/**
 * The budgets a request spends, all from the credential: its organization's plan and, for a key with its own limit, that key's share, which never exceeds the organization's.
 */
export function budgetsOf(config: PlatformConfig, principal: Principal): Budget[] {
  const { requests, windowSeconds } = organizationPlan(config, principal).quota.apiRateLimit;
  const budgets: Budget[] = [{ name: "org", limit: requests, windowSeconds }];
  if (principal.keyRateLimit !== null) {
    budgets.push({
      name: principal.actor,
      limit: Math.min(principal.keyRateLimit, requests),
      windowSeconds,
    });
  }
  return budgets;
}
