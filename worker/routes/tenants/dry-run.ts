import { z } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import type { PlatformConfig } from "../../contracts/index.ts";
import { PlanQuota } from "../../contracts/index.ts";
import { createDb } from "../../db/client.ts";
import { loadPlatformConfig } from "../../db/platform-config.ts";
import { ApiError, type FieldError } from "../../errors/api-error.ts";
import { fieldErrors } from "../../errors/problem.ts";
import type { AppEnv } from "../../lib/types.ts";
import { assertCreatable } from "./create-tenant.ts";
import { assertNoErrors, assertValidCreate } from "./tenant-rules.ts";
import { CreateTenantBody, MASKED_VALUE } from "./tenants.schemas.ts";

export const DryRunQuery = z.object({
  dryRun: z
    .enum(["true", "false"])
    .optional()
    .openapi({
      description:
        "`true`: validate everything, check that the plan fits and answer 200 with what would " +
        "be created, creating nothing (no Idempotency-Key needed)",
    }),
});

export const DryRunSchema = z
  .object({
    dryRun: z.literal(true),
    tenant: z.object({
      name: z.string(),
      slug: z.string(),
      url: z.string(),
      labels: z.record(z.string(), z.string()),
    }),
    plan: z.object({ name: z.string(), quota: PlanQuota }),
    services: z.array(
      z.object({
        name: z.string(),
        source: z.record(z.string(), z.unknown()),
        port: z.number().int(),
        healthPath: z.string(),
        replicas: z.number().int(),
        env: z.record(z.string(), z.literal(MASKED_VALUE)),
        build: z.string().openapi({ description: "How the service's image is obtained" }),
      }),
    ),
    database: z
      .object({ engine: z.string(), version: z.string(), image: z.string(), storage: z.string() })
      .nullable(),
    domains: z.array(
      z.object({
        domain: z.string(),
        records: z.array(
          z.object({ type: z.literal("CNAME"), name: z.string(), value: z.string() }),
        ),
      }),
    ),
    usage: z.object({
      pods: z.object({ used: z.number().int(), allowed: z.number().int() }),
      services: z.object({ used: z.number().int(), allowed: z.number().int() }),
      persistentVolumeClaims: z.object({ used: z.number().int(), allowed: z.number().int() }),
    }),
  })
  .openapi("TenantDryRun");
export type DryRun = z.infer<typeof DryRunSchema>;

/** What the tenant would take of its plan's object quotas: one app pod per replica. */
function planUsage(body: CreateTenantBody, quota: PlanQuota) {
  const database = body.database ? 1 : 0;
  return {
    pods: { used: body.services.length * quota.replicas + database, allowed: quota.pods },
    services: { used: body.services.length + database, allowed: quota.services },
    persistentVolumeClaims: { used: database, allowed: quota.persistentVolumeClaims },
  };
}

export function planFitErrors(usage: DryRun["usage"], plan: string): FieldError[] {
  return Object.entries(usage)
    .filter(([, { used, allowed }]) => used > allowed)
    .map(([what, { used, allowed }]) => ({
      path: "plan",
      message: `needs ${used} ${what} but the ${plan} plan allows ${allowed}`,
    }));
}

export function dryRunView(config: PlatformConfig, body: CreateTenantBody, plan: string): DryRun {
  const quota = config.plans[plan] as PlanQuota;
  const host = `${body.slug}.${config.baseDomain}`;
  const usage = planUsage(body, quota);
  return {
    dryRun: true,
    tenant: { name: body.name, slug: body.slug, url: `https://${host}`, labels: body.labels },
    plan: { name: plan, quota },
    services: body.services.map((service) => ({
      name: service.name,
      source: service.source,
      port: service.port,
      healthPath: service.healthPath,
      replicas: quota.replicas,
      env: Object.fromEntries(Object.keys(service.env).map((key) => [key, MASKED_VALUE])),
      build:
        service.source.type === "image"
          ? `runs ${service.source.image} as is`
          : "detected and built from the repository when the deployment runs",
    })),
    database: body.database
      ? {
          ...body.database,
          image: config.databases[body.database.engine][body.database.version] ?? "",
          storage: quota.databaseStorage,
        }
      : null,
    domains: body.domains.map((domain) => ({
      domain,
      records: [{ type: "CNAME" as const, name: domain, value: host }],
    })),
    usage,
  };
}

/**
 * `POST /v1/tenants?dryRun=true`: the create request checked exactly as a real one (body,
 * platform rules, slug and domains free, the plan's quotas) and answered with what would be
 * created. Nothing is written, so it runs before the idempotency middleware and a retried
 * dry run never occupies an Idempotency-Key.
 */
export const dryRunCreate: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (c.req.query("dryRun") !== "true") return next();
  const parsed = CreateTenantBody.safeParse(await c.req.json().catch(() => undefined));
  if (!parsed.success) {
    throw new ApiError("validation_failed", "The request is invalid", fieldErrors(parsed.error));
  }
  const body = parsed.data;
  const db = createDb(c.env.DB);
  const config = await loadPlatformConfig(db);
  const plan = body.plan ?? config.defaultPlan;
  assertValidCreate(config, c.env.ENCLAVE_MODE, body, plan);
  await assertCreatable(db, body);
  const view = dryRunView(config, body, plan);
  assertNoErrors(planFitErrors(view.usage, plan));
  return c.json(view, 200);
};
