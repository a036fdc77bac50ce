import { z } from "@hono/zod-openapi";
import { serviceKindIssues } from "../contracts/api/tenants.ts";
import { type PlatformConfig, planQuota } from "../contracts/index.ts";
import type { services, tenants } from "../db/schema.ts";
import { ApiError } from "../errors/api-error.ts";
import { assertNoErrors, assertPlanFits } from "../tenants/tenant-rules.ts";
import { servicePods } from "./service-pods.ts";

type ServiceRow = typeof services.$inferSelect;
type TenantRow = typeof tenants.$inferSelect;

/** The shape a service's kind fields must have, checked on the service as a change leaves it. */
const KindShape = z
  .object({
    kind: z.enum(["web", "worker", "cron"]),
    port: z.number().optional(),
    public: z.boolean().optional(),
    schedule: z.string().optional(),
    concurrencyPolicy: z.string().optional(),
  })
  .superRefine(serviceKindIssues);

export function assertKindFields(
  row: Pick<ServiceRow, "kind" | "port" | "public" | "schedule" | "concurrencyPolicy">,
): void {
  const checked = KindShape.safeParse({
    kind: row.kind,
    port: row.port ?? undefined,
    public: row.public,
    schedule: row.schedule ?? undefined,
    concurrencyPolicy: row.concurrencyPolicy ?? undefined,
  });
  if (!checked.success) {
    assertNoErrors(
      checked.error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message })),
    );
  }
}

/**
 * The tenant's services as a change leaves them still fit its plan: the services count, the
 * pods every one of them runs (scaled ones their own count) and a rollout's extra pod.
 */
export function assertServicesFit(
  config: PlatformConfig,
  tenant: TenantRow,
  rows: Pick<ServiceRow, "kind" | "replicas">[],
): void {
  assertPlanFits(config, tenant.plan, {
    services: rows.length,
    database: tenant.databaseEngine !== null,
    servicePods: servicePods(planQuota(config, tenant.plan), rows),
  });
}

/** A scale within the plan's `replicas`, as a 422 naming the limit otherwise. */
export function assertReplicasAllowed(
  config: PlatformConfig,
  tenant: TenantRow,
  replicas: number,
): void {
  const allowed = planQuota(config, tenant.plan).replicas;
  if (replicas > allowed) {
    const message = `the ${tenant.plan} plan's replicas is ${allowed}, and ${replicas} were asked for`;
    throw new ApiError(
      "plan_limit_exceeded",
      `The service does not fit the ${tenant.plan} plan: ${message}. Choose a larger plan or fewer replicas.`,
      [{ path: "replicas", message }],
    );
  }
}
