import { eq } from "drizzle-orm";
import { auditInsert, principalAudit } from "../db/audit.ts";
import { findOwnedDeployment, findOwnedTenant } from "../db/ownership.ts";
import { type DeployedService, type deployments, services } from "../db/schema.ts";
import { ApiError } from "../errors/api-error.ts";
import type { ProviderScope } from "../lib/request-scope.ts";
import { queueDeployment } from "./queue-deployment.ts";
import { assertRedeployable } from "./redeploy.ts";

type DeploymentRow = typeof deployments.$inferSelect;

/** The image each service of a ready deployment ran, as its runner reported it. */
export const recordedImages = (row: Pick<DeploymentRow, "result">): Record<string, string> => {
  const images = (row.result as { images?: unknown } | null)?.images;
  if (typeof images !== "object" || images === null) return {};
  return Object.fromEntries(
    Object.entries(images).filter(
      (entry): entry is [string, string] => typeof entry[1] === "string",
    ),
  );
};

/** What a rollback deploys again: the target's services, each with the image it ran. */
function rollbackTarget(target: DeploymentRow): DeployedService[] {
  if (target.kind !== "provision" || target.status !== "ready") {
    throw new ApiError(
      "invalid_state",
      `Deployment ${target.id} is ${target.status}; only a ready deployment can be rolled back to`,
    );
  }
  const recorded = target.services ?? [];
  const images = recordedImages(target);
  const missing = recorded.filter((service) => !images[service.name]).map((s) => s.name);
  if (recorded.length === 0 || missing.length > 0) {
    throw new ApiError(
      "invalid_state",
      `Deployment ${target.id} recorded no image for ${missing.length > 0 ? missing.join(", ") : "its services"}; it cannot be deployed again without a build`,
    );
  }
  return recorded;
}

/**
 * POST /v1/deployments/:id/rollback: a new deployment that runs an earlier ready deployment's
 * images and service configuration again, without a build. Env values are the tenant's
 * current ones (only their names are recorded on a deployment); the services' records take
 * the rolled-back configuration once it is ready.
 */
export async function rollbackToDeployment(scope: ProviderScope, deploymentId: string) {
  const { db, principal, requestId } = scope;
  const target = await findOwnedDeployment(db, principal.organizationId, deploymentId);
  const recorded = rollbackTarget(target);
  const tenant = await findOwnedTenant(db, principal.organizationId, target.tenantId);
  await assertRedeployable(db, tenant);
  const current = await db
    .select({ name: services.name })
    .from(services)
    .where(eq(services.tenantId, tenant.id));
  const added = current
    .map((service) => service.name)
    .filter((name) => !recorded.some((service) => service.name === name));
  if (added.length > 0) {
    throw new ApiError(
      "invalid_state",
      `Service ${added.join(", ")} was added after deployment ${target.id}; a rollback cannot remove a service`,
    );
  }
  const audit = principalAudit(principal, requestId, "tenant.rollback", "tenant", tenant.id, {
    rollbackOf: target.id,
  });
  return queueDeployment({
    ...scope,
    tenantId: tenant.id,
    kind: "provision",
    trigger: "rollback",
    rollback: { deploymentId: target.id, services: recorded },
    changes: (id) => [
      auditInsert(db, { ...audit, metadata: { ...audit.metadata, deploymentId: id } }),
    ],
  });
}
