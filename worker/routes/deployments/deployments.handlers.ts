import { and, eq } from "drizzle-orm";
import { principalAudit } from "../../db/audit.ts";
import { createDb } from "../../db/client.ts";
import { findOwnedDeployment, findOwnedTenant } from "../../db/ownership.ts";
import { deployments } from "../../db/schema.ts";
import { afterCursor, newestFirst, toPage } from "../../lib/pagination.ts";
import type { AppRouteHandler } from "../../lib/types.ts";
import { assertRedeployable, redeploy } from "../tenants/redeploy.ts";
import type {
  CreateForTenantRoute,
  GetOneRoute,
  ListForTenantRoute,
} from "./deployments.routes.ts";
import { deploymentView } from "./deployments.schemas.ts";

export const listForTenant: AppRouteHandler<ListForTenantRoute> = async (c) => {
  const { organizationId } = c.get("principal");
  const { id } = c.req.valid("param");
  const { cursor, limit } = c.req.valid("query");
  const db = createDb(c.env.DB);
  const tenant = await findOwnedTenant(db, organizationId, id);
  const rows = await db
    .select()
    .from(deployments)
    .where(and(eq(deployments.tenantId, tenant.id), afterCursor(deployments, cursor)))
    .orderBy(...newestFirst(deployments))
    .limit(limit + 1);
  return c.json(toPage(rows, limit, deploymentView), 200);
};

export const getOne: AppRouteHandler<GetOneRoute> = async (c) => {
  const { organizationId } = c.get("principal");
  const { id } = c.req.valid("param");
  const row = await findOwnedDeployment(createDb(c.env.DB), organizationId, id);
  return c.json(deploymentView(row), 200);
};

export const createForTenant: AppRouteHandler<CreateForTenantRoute> = async (c) => {
  const principal = c.get("principal");
  const db = createDb(c.env.DB);
  const tenant = await findOwnedTenant(db, principal.organizationId, c.req.valid("param").id);
  await assertRedeployable(db, tenant);
  const operation = await redeploy({
    env: c.env,
    db,
    principal,
    tenant,
    trigger: "redeploy",
    changes: [],
    audit: principalAudit(principal, c.get("requestId"), "tenant.redeploy", "tenant", tenant.id),
  });
  return c.json(operation, 202);
};
