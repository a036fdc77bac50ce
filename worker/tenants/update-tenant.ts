import { eq } from "drizzle-orm";
import type { UpdateTenantBody } from "../contracts/api/tenants.ts";
import { auditInsert, principalAudit } from "../db/audit.ts";
import { findOwnedTenant } from "../db/ownership.ts";
import { loadPlatformConfig } from "../db/platform-config.ts";
import { tenants } from "../db/schema.ts";
import { assertRedeployable, redeploy } from "../deployments/redeploy.ts";
import { ApiError } from "../errors/api-error.ts";
import type { ProviderScope } from "../lib/request-scope.ts";
import { nowIso } from "../lib/time.ts";
import { tenantWithServices } from "./find-tenant.ts";
import { assertNoErrors, assertPlanFits, planDemand, planErrors } from "./tenant-rules.ts";

/**
 * A name or labels change is written at once (`updated`). Quotas are applied by the runner,
 * so a new plan only takes effect through a deployment (`redeploying`).
 */
export async function updateTenant(scope: ProviderScope, id: string, body: UpdateTenantBody) {
  const { db, principal, requestId } = scope;
  const row = await findOwnedTenant(db, principal.organizationId, id);
  if (row.status === "deleting" || row.status === "deleted") {
    throw new ApiError("invalid_state", `The tenant is ${row.status}`);
  }
  const update = db
    .update(tenants)
    .set({ ...body, updatedAt: nowIso() })
    .where(eq(tenants.id, row.id));
  const audit = principalAudit(principal, requestId, "tenant.update", "tenant", row.id, {
    fields: Object.keys(body),
  });
  if (body.plan !== undefined && body.plan !== row.plan) {
    const config = await loadPlatformConfig(db);
    assertNoErrors(planErrors(config, body.plan));
    assertPlanFits(config, body.plan, await planDemand(db, row));
    await assertRedeployable(db, row);
    const operation = await redeploy({
      ...scope,
      tenant: row,
      trigger: "plan_change",
      changes: [update],
      audit,
    });
    return { outcome: "redeploying" as const, operation };
  }
  await db.batch([update, auditInsert(db, audit)]);
  const tenant = await tenantWithServices(db, principal.organizationId, row.id);
  return { outcome: "updated" as const, tenant };
}
