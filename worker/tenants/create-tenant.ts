import { and, eq, isNull } from "drizzle-orm";
import type { CreateTenantBody } from "../contracts/api/tenants.ts";
import { serviceEnvSlot, TenantSecrets } from "../crypto/tenant-secrets.ts";
import { sealedNewDatabasePassword } from "../database/database-password.ts";
import { auditInsert, principalAudit } from "../db/audit.ts";
import type { Database } from "../db/client.ts";
import { loadPlatformConfig } from "../db/platform-config.ts";
import { deployments, domains, services, tenantKeys, tenants } from "../db/schema.ts";
import { deploymentLinks, deploymentView } from "../deployments/deployment-view.ts";
import { enqueueJob } from "../deployments/enqueue.ts";
import { recordDeployedServices } from "../deployments/record-deployed-services.ts";
import {
  assertDomainsFree,
  domainTaken,
  isDomainConflict,
  pendingDomainRows,
} from "../domains/claim-domains.ts";
import { ApiError } from "../errors/api-error.ts";
import { newId } from "../lib/ids.ts";
import type { ProviderScope } from "../lib/request-scope.ts";
import { nowIso } from "../lib/time.ts";
import { tenantPlanFor } from "../organization/default-tenant-plan.ts";
import { assertOrganizationCaps } from "../rate-limits/organization-caps.ts";
import { emitWebhookEvents } from "../webhooks/emit.ts";
import { lifecycleEvent, tenantData } from "../webhooks/webhook-events.ts";
import { assertSlugOutOfQuarantine } from "./slug-quarantine.ts";
import { assertValidCreate, chosenDatabase } from "./tenant-rules.ts";
import { tenantView } from "./tenant-view.ts";

const slugTaken = (slug: string) =>
  new ApiError("slug_taken", `The slug "${slug}" is already in use`);

/** The slug and every custom domain are free (a dry run checks the same). */
export async function assertCreatable(db: Database, body: CreateTenantBody): Promise<void> {
  const [existing] = await db
    .select({ id: tenants.id })
    .from(tenants)
    .where(and(eq(tenants.slug, body.slug), isNull(tenants.deletedAt)))
    .limit(1);
  if (existing) throw slugTaken(body.slug);
  await assertSlugOutOfQuarantine(db, await loadPlatformConfig(db), body.slug);
  await assertDomainsFree(db, body.domains);
}

const isSlugConflict = (error: unknown): boolean =>
  /UNIQUE constraint failed: tenants\.slug/.test(
    String((error as { cause?: unknown }).cause ?? error),
  );

/**
 * The tenant (provisioning), its services, a queued deployment and the audit row are written
 * in one D1 batch with the tenant's data key, then the provision job is queued. Env values are
 * sealed with that key before they are stored; only their names stay readable.
 */
export async function createTenant(
  { env, db, principal, requestId }: ProviderScope,
  body: CreateTenantBody,
) {
  const config = await loadPlatformConfig(db);
  const plan = await tenantPlanFor(db, config, principal.organizationId, body.plan);
  assertValidCreate(config, env.ENCLAVE_MODE, body, plan);
  const database = chosenDatabase(config, body.database);

  await assertCreatable(db, body);
  await assertOrganizationCaps(db, config, principal, { tenant: true });

  const now = nowIso();
  const tenantId = newId("tenant");
  const deploymentId = newId("deployment");
  const { secrets, keyRow } = await TenantSecrets.create(env, {
    id: tenantId,
    organizationId: principal.organizationId,
  });
  const databasePasswordCiphertext = database
    ? await sealedNewDatabasePassword(secrets, tenantId)
    : null;
  const serviceRows = await Promise.all(
    body.services.map(async (service, index) => {
      const envKeys = Object.keys(service.env);
      const serviceId = newId("service");
      return {
        id: serviceId,
        tenantId,
        name: service.name,
        source: service.source,
        kind: service.kind,
        port: service.port ?? null,
        healthPath: service.healthPath,
        releaseCommand: service.releaseCommand ?? null,
        public: service.public ?? (index === 0 && service.kind === "web"),
        schedule: service.schedule ?? null,
        command: service.command ?? null,
        concurrencyPolicy: service.concurrencyPolicy ?? null,
        replicas: null,
        restartedAt: null,
        envCiphertext:
          envKeys.length > 0 ? await secrets.seal(serviceEnvSlot(serviceId), service.env) : null,
        envKeys,
        // A millisecond apart, so the creation order that ranks services (the first public one
        // takes the tenant's host) is the order of the request.
        createdAt: new Date(Date.parse(now) + index).toISOString(),
        updatedAt: now,
      };
    }),
  );

  const domainRows = pendingDomainRows(
    { id: tenantId, organizationId: principal.organizationId },
    body.domains,
    now,
  );
  let batch: Awaited<ReturnType<typeof writeBatch>>;
  try {
    batch = await writeBatch();
  } catch (error) {
    if (isSlugConflict(error)) throw slugTaken(body.slug);
    if (isDomainConflict(error)) throw domainTaken(body.domains.join('", "'));
    throw error;
  }
  const [[tenant], [inserted]] = batch;
  const [deployment] = inserted
    ? await db.select().from(deployments).where(eq(deployments.id, inserted.id))
    : [];
  if (!tenant || !deployment) throw new Error("tenant batch returned no rows");

  await enqueueJob(env, {
    type: "provision",
    deploymentId,
    tenantId,
    attempt: 1,
    organizationId: principal.organizationId,
  });
  await emitWebhookEvents(env, [
    await lifecycleEvent(principal.organizationId, "tenant.created", tenantId, {
      tenant: tenantData(tenant),
    }),
  ]);
  return {
    tenant: tenantView(
      tenant,
      serviceRows,
      config,
      new Map([[deployment.id, deployment]]),
      domainRows,
    ),
    deployment: deploymentView(deployment),
    links: deploymentLinks(deploymentId),
  };

  function writeBatch() {
    return db.batch([
      db
        .insert(tenants)
        .values({
          id: tenantId,
          organizationId: principal.organizationId,
          name: body.name,
          slug: body.slug,
          plan,
          status: "provisioning",
          labels: body.labels,
          databaseEngine: database?.engine ?? null,
          databaseVersion: database?.version ?? null,
          databasePooling: body.database?.pooling ?? null,
          databasePasswordCiphertext,
          lastDeploymentId: deploymentId,
          createdAt: now,
          updatedAt: now,
        })
        .returning(),
      db
        .insert(deployments)
        .values({
          id: deploymentId,
          tenantId,
          organizationId: principal.organizationId,
          kind: "provision",
          trigger: "create",
          status: "queued",
          createdAt: now,
          updatedAt: now,
        })
        .returning(),
      db.insert(tenantKeys).values(keyRow),
      // One statement per service: a multi-row insert binds every column of every row and
      // passes D1's limit on bound parameters past a handful of services.
      ...serviceRows.map((row) => db.insert(services).values(row)),
      ...domainRows.map((row) => db.insert(domains).values(row)),
      recordDeployedServices(db, deploymentId, tenantId),
      auditInsert(
        db,
        principalAudit(principal, requestId, "tenant.create", "tenant", tenantId, {
          slug: body.slug,
          plan,
          services: body.services.map((s) => s.name),
        }),
      ),
    ]);
  }
}
