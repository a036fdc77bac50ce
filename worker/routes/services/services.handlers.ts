import { eq } from "drizzle-orm";
import { principalAudit } from "../../db/audit.ts";
import { createDb } from "../../db/client.ts";
import { findOwnedTenant, findTenantService } from "../../db/ownership.ts";
import { services } from "../../db/schema.ts";
import { nowIso } from "../../lib/time.ts";
import type { AppRouteHandler } from "../../lib/types.ts";
import { assertRedeployable, redeploy } from "../tenants/redeploy.ts";
import { assertNoErrors, sourceErrors } from "../tenants/tenant-rules.ts";
import { changedEnv } from "./service-env.ts";
import type { UpdateRoute } from "./services.routes.ts";

export const update: AppRouteHandler<UpdateRoute> = async (c) => {
  const principal = c.get("principal");
  const { id, name } = c.req.valid("param");
  const { envSet, envUnset, ...fields } = c.req.valid("json");
  const db = createDb(c.env.DB);
  const tenant = await findOwnedTenant(db, principal.organizationId, id);
  const service = await findTenantService(db, tenant.id, name);
  if (fields.source) assertNoErrors(sourceErrors(fields.source, c.env.ENCLAVE_MODE, "source"));
  await assertRedeployable(db, tenant);
  const env =
    envSet || envUnset ? await changedEnv(c.env, service, envSet ?? {}, envUnset ?? []) : {};
  const operation = await redeploy({
    env: c.env,
    db,
    principal,
    tenant,
    trigger: "service_change",
    changes: [
      db
        .update(services)
        .set({ ...fields, ...env, updatedAt: nowIso() })
        .where(eq(services.id, service.id)),
    ],
    audit: principalAudit(principal, c.get("requestId"), "service.update", "service", service.id, {
      tenantId: tenant.id,
      service: service.name,
      fields: Object.keys(fields),
      envSet: Object.keys(envSet ?? {}),
      envUnset: envUnset ?? [],
    }),
  });
  return c.json(operation, 202);
};
