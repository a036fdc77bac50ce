import { DEFAULT_PLANS, type PlanQuota } from "../../../worker/contracts/index.ts";
import { bearer, OPERATOR_TOKEN, request } from "../harness.ts";

const operator = bearer(OPERATOR_TOKEN);

/** Adds plans, the starter plan with `plans`' changes, to the platform configuration. */
export async function addPlans(plans: Record<string, Partial<PlanQuota>>): Promise<void> {
  const value = { ...DEFAULT_PLANS };
  for (const [name, changes] of Object.entries(plans)) {
    value[name] = { ...(DEFAULT_PLANS.starter as PlanQuota), ...changes };
  }
  const res = await request("/v1/admin/config/plans", {
    method: "PUT",
    headers: operator,
    json: { value },
  });
  if (res.status !== 200) throw new Error(`plans: ${res.status} ${await res.text()}`);
}

/** A new organization on `plan`, with its admin key's Authorization header. */
export async function orgOnPlan(plan: string): Promise<{ authorization: string }> {
  const res = await request("/v1/admin/organizations", {
    method: "POST",
    headers: operator,
    json: { name: `Rate-limited on ${plan}`, plan },
  });
  if (res.status !== 201) throw new Error(`org: ${res.status} ${await res.text()}`);
  const created = (await res.json()) as { apiKey: { key: string } };
  return bearer(created.apiKey.key);
}

/**
 * Waits for the start of a fixed window when less than `needed` of the current one is left,
 * so that a burst is counted in one window.
 */
export async function freshWindow(windowSeconds: number, neededMs: number): Promise<void> {
  const windowMs = windowSeconds * 1000;
  const left = windowMs - (Date.now() % windowMs);
  if (left < neededMs) await new Promise((resolve) => setTimeout(resolve, left + 20));
}

/** The parameters of the first member of a RateLimit or RateLimit-Policy field. */
export function fieldMember(value: string | null): {
  name: string;
  params: Record<string, number>;
} {
  const [first = ""] = (value ?? "").split(",");
  const [name = "", ...params] = first.trim().split(";");
  return {
    name: JSON.parse(name),
    params: Object.fromEntries(
      params.map((param) => {
        const [key = "", number = ""] = param.split("=");
        return [key, Number(number)];
      }),
    ),
  };
}
