import { env } from "cloudflare:workers";
import { serviceEnvSlot, TenantSecrets } from "../../../worker/crypto/tenant-secrets.ts";
import { createDb } from "../../../worker/db/client.ts";
import {
  type DeploymentStatus,
  deployments,
  organizations,
  services,
  type TenantStatus,
  tenantKeys,
  tenants,
} from "../../../worker/db/schema.ts";
import { newId } from "../../../worker/lib/ids.ts";
import type { DeploymentRef } from "../../../worker/progress/deployment-ref.ts";

export interface SeedOptions {
  organizationId?: string;
  kind?: "provision" | "deprovision";
  status?: DeploymentStatus;
  tenantStatus?: TenantStatus;
  attempt?: number;
  readyAt?: string | null;
  serviceEnv?: Record<string, string>;
}

export interface Seeded {
  organizationId: string;
  tenantId: string;
  deploymentId: string;
  serviceId: string;
  ref: DeploymentRef;
}

/**
 * A tenant with one service and a deployment written straight to D1, without the Queue, so
 * tests of the dispatch and progress machinery decide themselves what runs when.
 */
export async function seedDeployment(options: SeedOptions = {}): Promise<Seeded> {
  const db = createDb(env.DB);
  const now = new Date().toISOString();
  const organizationId = options.organizationId ?? newId("organization");
  if (!options.organizationId) {
    await db.insert(organizations).values({ id: organizationId, name: "Seeded org" });
  }
  const tenantId = newId("tenant");
  const deploymentId = newId("deployment");
  const serviceId = newId("service");
  const kind = options.kind ?? "provision";
  const attempt = options.attempt ?? 1;
  const serviceEnv = options.serviceEnv ?? { API_TOKEN: "s3cr3t-value", LOG_LEVEL: "info" };
  const { secrets, keyRow } = await TenantSecrets.create(env, { id: tenantId, organizationId });
  await db.batch([
    db.insert(tenants).values({
      id: tenantId,
      organizationId,
      name: "Seeded tenant",
      slug: `seeded-${tenantId.slice(4, 14)}`,
      plan: "starter",
      status: options.tenantStatus ?? (kind === "provision" ? "provisioning" : "deleting"),
      labels: { team: "qa" },
      databaseEngine: "postgres",
      databaseVersion: "16",
      readyAt: options.readyAt ?? null,
      createdAt: now,
      updatedAt: now,
    }),
    db.insert(tenantKeys).values(keyRow),
    db.insert(services).values({
      id: serviceId,
      tenantId,
      name: "web",
      source: { type: "git", url: "https://github.com/acme/app.git", ref: "main", path: "." },
      port: 3000,
      healthPath: "/healthz",
      envCiphertext: await secrets.seal(serviceEnvSlot(serviceId), serviceEnv),
      envKeys: Object.keys(serviceEnv),
      createdAt: now,
      updatedAt: now,
    }),
    db.insert(deployments).values({
      id: deploymentId,
      tenantId,
      organizationId,
      kind,
      status: options.status ?? "queued",
      attempt,
      createdAt: now,
      updatedAt: now,
    }),
  ]);
  const ref: DeploymentRef = { id: deploymentId, tenantId, organizationId, kind, attempt };
  return { organizationId, tenantId, deploymentId, serviceId, ref };
}

export async function readDeployment(id: string) {
  const row = await env.DB.prepare("SELECT * FROM deployments WHERE id = ?").bind(id).first();
  return row as Record<string, unknown>;
}

export async function readTenant(id: string) {
  const row = await env.DB.prepare("SELECT * FROM tenants WHERE id = ?").bind(id).first();
  return row as Record<string, unknown>;
}
