import type { Organization, Plan } from "../api/types.ts";

export interface PlanChoice {
  value: string;
  label: string;
}

/** A plan's main limits in one line, as the plan select shows them. */
export const planLimits = (plan: Plan): string =>
  [
    `${plan.quota.limitsCpu} CPU`,
    `${plan.quota.limitsMemory} memory`,
    `${plan.limits.replicas} ${plan.limits.replicas === 1 ? "replica" : "replicas"} per service`,
    `${plan.limits.databaseStorage} database`,
  ].join(", ");

/**
 * The plans a tenant can be on, named with their main limits, and the one to preselect: the
 * organization's `defaultTenantPlan`, else the platform's default plan.
 */
export function planChoices(
  plans: Plan[],
  organization: Pick<Organization, "defaultTenantPlan"> | undefined,
): { choices: PlanChoice[]; preselected: string } {
  const defaultName =
    plans.find((plan) => plan.name === organization?.defaultTenantPlan)?.name ??
    plans.find((plan) => plan.default)?.name ??
    plans[0]?.name ??
    "";
  const choices = plans.map((plan) => ({
    value: plan.name,
    label: `${plan.name}${plan.name === defaultName ? " (default)" : ""}: ${planLimits(plan)}`,
  }));
  return { choices, preselected: defaultName };
}
