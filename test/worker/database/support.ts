import { expect } from "vitest";
import type { TestOrg } from "../harness.ts";
import { bearer, request } from "../harness.ts";
import { progressEvent } from "../support/events.ts";
import { claimSpec, reportEvents } from "../support/runner-api.ts";

export const databasePath = (tenantId: string, rest = "") =>
  `/v1/tenants/${tenantId}/database${rest}`;

/** Ends a deployment as ready, so the tenant can take its next change. */
export const settle = (deploymentId: string) =>
  reportEvents(deploymentId, [
    progressEvent(deploymentId, { seq: 0, stage: null, type: "deployment.ready", data: {} }),
  ]);

/** The database the runner is handed for a deployment. */
export async function specDatabase(deploymentId: string) {
  const res = await claimSpec(deploymentId);
  expect(res.status).toBe(200);
  return ((await res.json()) as { database: Record<string, unknown> | null }).database;
}

export async function keyWith(org: TestOrg, scopes: ("read" | "write" | "admin")[]) {
  const res = await request("/v1/api-keys", {
    method: "POST",
    headers: org.headers,
    json: { name: `database ${scopes.join("+")}`, scopes },
  });
  expect(res.status).toBe(201);
  return bearer(((await res.json()) as { key: string }).key);
}

export interface DatabaseBody {
  engine: string;
  version: string;
  status: string;
  host: string;
  port: number;
  database: string;
  pooling: boolean;
  passwordRotatedAt: string | null;
  credentials: { username: string; password: string; url: string; directUrl: string } | null;
}
