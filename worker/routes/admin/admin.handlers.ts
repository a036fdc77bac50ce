import { apiKeyView, issueApiKey } from "../../auth/issue-key.ts";
import { auditInsert, OPERATOR_ACTOR } from "../../db/audit.ts";
import { loadPlatformConfig } from "../../db/platform-config.ts";
import { organizations } from "../../db/schema.ts";
import { ApiError } from "../../errors/api-error.ts";
import { newId } from "../../lib/ids.ts";
import { afterCursor, newestFirst, toPage } from "../../lib/pagination.ts";
import { nowIso } from "../../lib/time.ts";
import type { AppRouteHandler } from "../../lib/types.ts";
import type { CreateOrganizationRoute, ListOrganizationsRoute } from "./admin.routes.ts";

export const createOrganization: AppRouteHandler<CreateOrganizationRoute> = async (c) => {
  const { name, plan } = c.req.valid("json");
  const db = c.get("db");
  if (plan !== undefined) {
    const config = await loadPlatformConfig(db);
    if (!config.plans[plan]) {
      throw new ApiError("validation_failed", "The request is invalid", [
        { path: "plan", message: `must be one of: ${Object.keys(config.plans).join(", ")}` },
      ]);
    }
  }
  const organization = {
    id: newId("organization"),
    name,
    plan: plan ?? null,
    defaultTenantPlan: null,
    webhookDefaults: {},
    createdAt: nowIso(),
  };
  const issued = await issueApiKey(db, c.env, {
    organizationId: organization.id,
    name: "initial admin key",
    scopes: ["read", "write", "admin"],
    createdBy: OPERATOR_ACTOR,
  });
  await db.batch([
    db.insert(organizations).values(organization),
    issued.insert,
    auditInsert(db, {
      organizationId: organization.id,
      actor: OPERATOR_ACTOR,
      action: "organization.create",
      targetType: "organization",
      targetId: organization.id,
      requestId: c.get("requestId"),
      metadata: { apiKeyId: issued.row.id },
    }),
  ]);
  return c.json({ organization, apiKey: { ...apiKeyView(issued.row), key: issued.key } }, 201);
};

export const listOrganizations: AppRouteHandler<ListOrganizationsRoute> = async (c) => {
  const { cursor, limit } = c.req.valid("query");
  const rows = await c
    .get("db")
    .select()
    .from(organizations)
    .where(afterCursor(organizations, cursor))
    .orderBy(...newestFirst(organizations))
    .limit(limit + 1);
  return c.json(
    toPage(rows, limit, (row) => row),
    200,
  );
};
