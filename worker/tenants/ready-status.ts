import { eq } from "drizzle-orm";
import type { Database } from "../db/client.ts";
import { deployments, type TenantStatus } from "../db/schema.ts";

/**
 * What a ready deployment makes of its tenant. A suspend leaves it `suspended`, anything else
 * `active`. Suspend and resume change no image, so the deployment that is serving stays the
 * one whose images and services the tenant runs (what rollbacks and env changes build on).
 */
export async function readyStatus(
  db: Database,
  deploymentId: string,
): Promise<{ status: TenantStatus; serving: boolean; suspended: boolean }> {
  const [row] = await db
    .select({ trigger: deployments.trigger })
    .from(deployments)
    .where(eq(deployments.id, deploymentId))
    .limit(1);
  const trigger = row?.trigger;
  const suspension = trigger === "suspend" || trigger === "resume";
  return {
    status: trigger === "suspend" ? "suspended" : "active",
    serving: !suspension,
    suspended: trigger === "suspend",
  };
}
