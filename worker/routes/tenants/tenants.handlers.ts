import { and, eq, inArray } from "drizzle-orm";
import { auditInsert, principalAudit } from "../../db/audit.ts";
import { createDb, type Database } from "../../db/client.ts";
import { findOwnedTenant } from "../../db/ownership.ts";
import { loadPlatformConfig } from "../../db/platform-config.ts";
import { deployments, services, tenants } from "../../db/schema.ts";
import { ApiError } from "../../errors/api-error.ts";
import { newId } from "../../lib/ids.ts";
import { afterCursor, newestFirst, toPage } from "../../lib/pagination.ts";
import { nowIso } from "../../lib/time.ts";
import type { AppRouteHandler } from "../../lib/types.ts";
import { deploymentLinks, deploymentView } from "../deployments/deployments.schemas.ts";
import { createTenant } from "./create-tenant.ts";
import { enqueueJob } from "./enqueue.ts";
import { planErrors } from "./tenant-rules.ts";
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
  const ids = rows.map((row) => row.id);
  const [config, serviceRows] = await Promise.all([
    loadPlatformConfig(db),
    ids.length > 0 ? db.select().from(services).where(inArray(services.tenantId, ids)) : [],
  ]);
  return c.json(
    toPage(rows, limit, (row) => tenantView(row, serviceRows, config)),
    200,
  );
};

async function tenantWithServices(db: Database, organizationId: string, id: string) {
  const row = await findOwnedTenant(db, organizationId, id);
  const [config, serviceRows] = await Promise.all([
    loadPlatformConfig(db),
    db.select().from(services).where(eq(services.tenantId, row.id)),
  ]);
  return tenantView(row, serviceRows, config);
}

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
  if (body.plan !== undefined) {
    const errors = planErrors(await loadPlatformConfig(db), body.plan);
    if (errors.length > 0)
      throw new ApiError("validation_failed", "The request is invalid", errors);
  }
  await db.batch([
    db
      .update(tenants)
      .set({ ...body, updatedAt: nowIso() })
      .where(eq(tenants.id, row.id)),
    auditInsert(
      db,
      principalAudit(principal, c.get("requestId"), "tenant.update", "tenant", row.id, {
        fields: Object.keys(body),
      }),
    ),
  ]);
  return c.json(await tenantWithServices(db, principal.organizationId, row.id), 200);
};

export const remove: AppRouteHandler<RemoveRoute> = async (c) => {
  const principal = c.get("principal");
  const db = createDb(c.env.DB);
  const row = await findOwnedTenant(db, principal.organizationId, c.req.valid("param").id);
  if (row.status === "deleting" || row.status === "deleted") {
    throw new ApiError("invalid_state", `The tenant is already ${row.status}`);
  }
  const now = nowIso();
  const deploymentId = newId("deployment");
  const [, [deployment]] = await db.batch([
    db
      .update(tenants)
      .set({ status: "deleting", statusReason: null, updatedAt: now })
      .where(eq(tenants.id, row.id)),
    db
      .insert(deployments)
      .values({
        id: deploymentId,
        tenantId: row.id,
        organizationId: principal.organizationId,
        kind: "deprovision",
        status: "queued",
        createdAt: now,
        updatedAt: now,
      })
      .returning(),
    auditInsert(
      db,
      principalAudit(principal, c.get("requestId"), "tenant.delete", "tenant", row.id),
    ),
  ]);
  if (!deployment) throw new Error("deployment insert returned no row");
  await enqueueJob(c.env, {
    type: "deprovision",
    deploymentId,
    tenantId: row.id,
    attempt: 1,
    organizationId: principal.organizationId,
  });
  return c.json(
    {
      tenant: await tenantWithServices(db, principal.organizationId, row.id),
      deployment: deploymentView(deployment),
      links: deploymentLinks(deploymentId),
    },
    202,
  );
};
