import { eq } from "drizzle-orm";
import type { Principal } from "../auth/principal.ts";
import type { PlatformConfig } from "../contracts/index.ts";
import { auditInsert, principalAudit } from "../db/audit.ts";
import type { Database } from "../db/client.ts";
import { organizations } from "../db/schema.ts";
import { ApiError, notFound } from "../errors/api-error.ts";

export async function readOrganization(db: Database, organizationId: string) {
  const [row] = await db
    .select()
    .from(organizations)
    .where(eq(organizations.id, organizationId))
    .limit(1);
  if (!row) throw notFound("Organization");
  return row;
}

/** Name and plan; a plan the platform configuration does not have is refused. */
export async function updateOrganization(
  {
    db,
    principal,
    config,
    requestId,
  }: {
    db: Database;
    principal: Principal;
    config: PlatformConfig;
    requestId: string;
  },
  change: { name?: string | undefined; plan?: string | null | undefined },
) {
  if (typeof change.plan === "string" && !config.plans[change.plan]) {
    throw new ApiError("validation_failed", "The request is invalid", [
      { path: "plan", message: `must be one of: ${Object.keys(config.plans).join(", ")}` },
    ]);
  }
  const set = Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined));
  if (Object.keys(set).length === 0) return readOrganization(db, principal.organizationId);
  const [[row]] = await db.batch([
    db
      .update(organizations)
      .set(set)
      .where(eq(organizations.id, principal.organizationId))
      .returning(),
    auditInsert(
      db,
      principalAudit(
        principal,
        requestId,
        "organization.update",
        "organization",
        principal.organizationId,
        {
          fields: Object.keys(set),
          ...("plan" in set ? { plan: set.plan } : {}),
        },
      ),
    ),
  ]);
  if (!row) throw notFound("Organization");
  return row;
}
