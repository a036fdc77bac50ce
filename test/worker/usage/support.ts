import { env } from "cloudflare:workers";
import { createDb } from "../../../worker/db/client.ts";
import {
  type DeployedService,
  deployments,
  tenants,
  usageRequestsDaily,
} from "../../../worker/db/schema.ts";
import { newId } from "../../../worker/lib/ids.ts";

const service = (name: string): DeployedService => ({
  name,
  source: { type: "git", url: "https://github.com/acme/app.git", ref: "main", path: "." },
  port: 3000,
  healthPath: "/healthz",
});

const build = (durationMs: number, reusedFrom: string | null) => ({ durationMs, reusedFrom });

/**
 * A starter-plan tenant with a database (5 GiB of its 20 GiB storage), from 2026-03-01 to its
 * deletion at 2026-03-03T00:00Z: a first deployment with two services ready at noon on the
 * 1st (one build of 2 minutes, one image reused), a second with one service ready at 06:00 on
 * the 2nd, and 42 API requests counted on the 2nd.
 */
export async function seedKnownHistory(organizationId: string) {
  const db = createDb(env.DB);
  const tenantId = newId("tenant");
  const first = newId("deployment");
  const second = newId("deployment");
  await db.batch([
    db.insert(tenants).values({
      id: tenantId,
      organizationId,
      name: "Billed tenant",
      slug: `billed-${tenantId.slice(4, 14)}`,
      plan: "starter",
      status: "deleted",
      labels: {},
      databaseEngine: "postgres",
      databaseVersion: "16",
      createdAt: "2026-03-01T00:00:00.000Z",
      updatedAt: "2026-03-03T00:00:00.000Z",
      deletedAt: "2026-03-03T00:00:00.000Z",
    }),
    db.insert(deployments).values({
      id: first,
      tenantId,
      organizationId,
      kind: "provision",
      status: "ready",
      services: [service("web"), service("worker")],
      result: { builds: { web: build(120_000, null), worker: build(60_000, "dep_earlier") } },
      createdAt: "2026-03-01T00:00:00.000Z",
      finishedAt: "2026-03-01T12:00:00.000Z",
      updatedAt: "2026-03-01T12:00:00.000Z",
    }),
    db.insert(deployments).values({
      id: second,
      tenantId,
      organizationId,
      kind: "provision",
      trigger: "service_change",
      status: "ready",
      services: [service("web")],
      createdAt: "2026-03-02T00:00:00.000Z",
      finishedAt: "2026-03-02T06:00:00.000Z",
      updatedAt: "2026-03-02T06:00:00.000Z",
    }),
    db
      .insert(usageRequestsDaily)
      .values({ organizationId, day: "2026-03-02", requests: 42 })
      .onConflictDoNothing(),
  ]);
  return { tenantId };
}

export const KNOWN_RANGE = "from=2026-03-01&to=2026-03-03";

export const requestRow = (organizationId: string) =>
  env.DB.prepare("SELECT day, requests FROM usage_requests_daily WHERE organization_id = ?")
    .bind(organizationId)
    .all<{ day: string; requests: number }>();
