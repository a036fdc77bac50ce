import { eq } from "drizzle-orm";
import { principalAudit } from "../db/audit.ts";
import { findOwnedTenant, findTenantService } from "../db/ownership.ts";
import { loadPlatformConfig } from "../db/platform-config.ts";
import { services } from "../db/schema.ts";
import { assertRedeployable, redeploy } from "../deployments/redeploy.ts";
import { envRollout } from "../env/rolled-services.ts";
import type { ProviderScope } from "../lib/request-scope.ts";
import { nowIso } from "../lib/time.ts";
import { assertReplicasAllowed, assertServicesFit } from "./service-rules.ts";

/**
 * A change to one service's pods only (how many, or a restart): the deployment rolls that
 * service on the images the tenant serves, with no detection or build, like an env change.
 * When the tenant does not serve what its records say, the full pipeline runs instead.
 */
async function rollService(
  scope: ProviderScope,
  tenantId: string,
  name: string,
  change: { kind: "scale"; replicas: number } | { kind: "restart" },
) {
  const { db, principal, requestId } = scope;
  const tenant = await findOwnedTenant(db, principal.organizationId, tenantId);
  const service = await findTenantService(db, tenant.id, name);
  await assertRedeployable(db, tenant);
  const rows = await db.select().from(services).where(eq(services.tenantId, tenant.id));
  const now = nowIso();
  let columns: Partial<typeof services.$inferInsert>;
  if (change.kind === "scale") {
    const config = await loadPlatformConfig(db);
    assertReplicasAllowed(config, tenant, change.replicas);
    assertServicesFit(
      config,
      tenant,
      rows.map((row) => (row.id === service.id ? { ...row, replicas: change.replicas } : row)),
    );
    columns = { replicas: change.replicas, updatedAt: now };
  } else {
    columns = { restartedAt: now, updatedAt: now };
  }
  return redeploy({
    ...scope,
    tenant,
    trigger: change.kind,
    rollout: await envRollout(db, tenant, rows, [service.name]),
    changes: [db.update(services).set(columns).where(eq(services.id, service.id))],
    audit: principalAudit(principal, requestId, `service.${change.kind}`, "service", service.id, {
      tenantId: tenant.id,
      service: service.name,
      ...(change.kind === "scale"
        ? { replicas: change.replicas, previousReplicas: service.replicas }
        : {}),
    }),
  });
}

/** POST …/services/:name/scale: the service's pods, within the plan's replicas (0 stops it). */
export const scaleService = (
  scope: ProviderScope,
  tenantId: string,
  name: string,
  replicas: number,
) => rollService(scope, tenantId, name, { kind: "scale", replicas });

/** POST …/services/:name/restart: new pods of the same version, as `kubectl rollout restart`. */
export const restartService = (scope: ProviderScope, tenantId: string, name: string) =>
  rollService(scope, tenantId, name, { kind: "restart" });
