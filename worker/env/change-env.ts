import { eq } from "drizzle-orm";
import type { PatchEnvBody } from "../contracts/api/env.ts";
import { TenantSecrets, tenantEnvSlot } from "../crypto/tenant-secrets.ts";
import { principalAudit } from "../db/audit.ts";
import { services, tenants } from "../db/schema.ts";
import { assertRedeployable, redeploy } from "../deployments/redeploy.ts";
import { notFound } from "../errors/api-error.ts";
import type { ProviderScope } from "../lib/request-scope.ts";
import { nowIso } from "../lib/time.ts";
import { changedNames, checkedEnv, type EnvMap, patchedEnv } from "./env-changes.ts";
import { findEnvOwner, openEnv, sealedEnvColumns } from "./env-owner.ts";
import { envRollout, ownChangeShows, servicesSeeingShared } from "./rolled-services.ts";

export type EnvChange =
  | { kind: "replace"; env: EnvMap }
  | { kind: "patch"; patch: PatchEnvBody }
  | { kind: "unset"; name: string };

const applied = (current: EnvMap, change: EnvChange): EnvMap => {
  switch (change.kind) {
    case "replace":
      return change.env;
    case "patch":
      return patchedEnv(current, change.patch);
    case "unset":
      return patchedEnv(current, { [change.name]: null });
  }
};

/**
 * Changes the tenant's shared set or a service's own set, and queues the deployment that
 * brings it to the cluster in the same batch. That deployment rolls only the services whose
 * effective env changed (a shared name a service sets itself does not reach it) and, when
 * the tenant serves what its records describe, reuses the serving images instead of building.
 */
export async function changeEnv(
  scope: ProviderScope,
  tenantId: string,
  serviceName: string | undefined,
  change: EnvChange,
) {
  const { env, db, principal, requestId } = scope;
  const owner = await findEnvOwner(db, principal.organizationId, tenantId, serviceName);
  const { tenant, service } = owner;
  await assertRedeployable(db, tenant);
  if (change.kind === "unset" && !owner.keys.includes(change.name)) throw notFound("Variable");
  const secrets = await TenantSecrets.load(db, env, tenant);
  const before = await openEnv(secrets, owner.slot, owner.ciphertext);
  const after = checkedEnv(applied(before, change));
  const changed = changedNames(before, after);
  const serviceRows = await db.select().from(services).where(eq(services.tenantId, tenant.id));
  let rolled: string[];
  if (service) {
    const shared = await openEnv(secrets, tenantEnvSlot(tenant.id), tenant.envCiphertext);
    rolled = ownChangeShows(shared, before, after, changed) ? [service.name] : [];
  } else {
    rolled = servicesSeeingShared(serviceRows, changed);
  }
  const columns = { ...(await sealedEnvColumns(secrets, owner.slot, after)), updatedAt: nowIso() };
  return redeploy({
    ...scope,
    tenant,
    trigger: "env_change",
    rollout: await envRollout(db, tenant, serviceRows, rolled),
    changes: [
      service
        ? db.update(services).set(columns).where(eq(services.id, service.id))
        : db.update(tenants).set(columns).where(eq(tenants.id, tenant.id)),
    ],
    audit: principalAudit(
      principal,
      requestId,
      "env.update",
      service ? "service" : "tenant",
      service?.id ?? tenant.id,
      {
        tenantId: tenant.id,
        ...(service ? { service: service.name } : {}),
        set: changed.filter((name) => Object.hasOwn(after, name)),
        unset: changed.filter((name) => !Object.hasOwn(after, name)),
        rolled,
      },
    ),
  });
}
