import { and, eq, inArray } from "drizzle-orm";
import { auditInsert, principalAudit } from "../../db/audit.ts";
import { selectInChunks } from "../../db/bound-lists.ts";
import { createDb } from "../../db/client.ts";
import { findOwnedTenant } from "../../db/ownership.ts";
import { loadPlatformConfig } from "../../db/platform-config.ts";
import { services, tenants } from "../../db/schema.ts";
import { ApiError } from "../../errors/api-error.ts";
import { afterCursor, newestFirst, toPage } from "../../lib/pagination.ts";
import { nowIso } from "../../lib/time.ts";
import type { AppRouteHandler } from "../../lib/types.ts";
import { createTenant } from "./create-tenant.ts";
import { assertRedeployable, redeploy } from "./redeploy.ts";
import { tenantDeployments } from "./tenant-deployments.ts";
import { queueDeployment, tenantWithServices } from "./tenant-operation.ts";
import { assertNoErrors, assertPlanFits, planDemand, planErrors } from "./tenant-rules.ts";
import { tenantView } from "./tenant-view.ts";
import type {
  CreateRoute,
  GetOneRoute,
  ListRoute,
  PatchRoute,
  RemoveRoute,
} from "./tenants.routes.ts";

export const create: AppRouteHandler<CreateRoute> = async (c) => {
  const result = await createTenant(
    c.env,
    c.get("principal"),
    c.get("requestId"),
    c.req.valid("json"),
  );
  return c.json(result, 202);
};

export const list: AppRouteHandler<ListRoute> = async (c) => {
  const { organizationId } = c.get("principal");
  const { cursor, limit, status } = c.req.valid("query");
  const db = createDb(c.env.DB);
  const rows = await db
    .select()
    .from(tenants)
    .where(
      and(
        eq(tenants.organizationId, organizationId),
        status ? eq(tenants.status, status) : undefined,
        afterCursor(tenants, cursor),
      ),
    )
    .orderBy(...newestFirst(tenants))
    .limit(limit + 1);
  const ids = rows.slice(0, limit).map((row) => row.id);
  const [config, serviceRows, deploymentRows] = await Promise.all([
    loadPlatformConfig(db),
    selectInChunks(ids, 0, (chunk) =>
      db.select().from(services).where(inArray(services.tenantId, chunk)),
    ),
    tenantDeployments(db, rows.slice(0, limit)),
  ]);
  return c.json(
    toPage(rows, limit, (row) => tenantView(row, serviceRows, config, deploymentRows)),
    200,
  );
};

export const getOne: AppRouteHandler<GetOneRoute> = async (c) => {
  const { organizationId } = c.get("principal");
  const db = createDb(c.env.DB);
  return c.json(await tenantWithServices(db, organizationId, c.req.valid("param").id), 200);
};

export const patch: AppRouteHandler<PatchRoute> = async (c) => {
  const principal = c.get("principal");
  const body = c.req.valid("json");
  const db = createDb(c.env.DB);
  const row = await findOwnedTenant(db, principal.organizationId, c.req.valid("param").id);
  if (row.status === "deleting" || row.status === "deleted") {
    throw new ApiError("invalid_state", `The tenant is ${row.status}`);
  }
  const update = db
    .update(tenants)
    .set({ ...body, updatedAt: nowIso() })
    .where(eq(tenants.id, row.id));
  const audit = principalAudit(principal, c.get("requestId"), "tenant.update", "tenant", row.id, {
    fields: Object.keys(body),
  });
  // Quotas are applied by the runner, so a new plan only takes effect through a deployment.
  if (body.plan !== undefined && body.plan !== row.plan) {
    const config = await loadPlatformConfig(db);
    assertNoErrors(planErrors(config, body.plan));
    assertPlanFits(config, body.plan, await planDemand(db, row));
    await assertRedeployable(db, row);
    const operation = await redeploy({
      env: c.env,
      db,
      principal,
      tenant: row,
      trigger: "plan_change",
      changes: [update],
      audit,
    });
    return c.json(operation, 202);
  }
  await db.batch([update, auditInsert(db, audit)]);
  return c.json(await tenantWithServices(db, principal.organizationId, row.id), 200);
};

export const remove: AppRouteHandler<RemoveRoute> = async (c) => {
  const principal = c.get("principal");
  const db = createDb(c.env.DB);
  const row = await findOwnedTenant(db, principal.organizationId, c.req.valid("param").id);
  if (row.status === "deleting" || row.status === "deleted") {
    throw new ApiError("invalid_state", `The tenant is already ${row.status}`);
  }
  const operation = await queueDeployment({
    env: c.env,
    db,
    principal,
    tenantId: row.id,
    kind: "deprovision",
    trigger: "delete",
    changes: (_deploymentId, now) => [
      db
        .update(tenants)
        .set({ status: "deleting", statusReason: null, updatedAt: now })
        .where(eq(tenants.id, row.id)),
      auditInsert(
        db,
        principalAudit(principal, c.get("requestId"), "tenant.delete", "tenant", row.id),
      ),
    ],
  });
  return c.json(operation, 202);
};
