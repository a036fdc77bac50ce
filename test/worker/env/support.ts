import { expect } from "vitest";
import type { ApiKeyScope } from "../../../worker/db/schema.ts";
import { bearer, createTenant, request, type TestOrg } from "../harness.ts";
import { progressEvent } from "../support/events.ts";
import { reportEvents } from "../support/runner-api.ts";

export const WEB_IMAGE = "registry.enclave.internal/acme/web@sha256:aaaa";
export const WORKER_IMAGE = "registry.enclave.internal/acme/worker@sha256:bbbb";

/** Secret values the tests set: none of them may ever come back outside a reveal. */
export const SECRETS = ["s3cr3t-value", "shared-s3cr3t", "rotated-s3cr3t"];

const service = (name: string, env: Record<string, string>) => ({
  name,
  source: { type: "git", url: "https://github.com/acme/app.git", ref: "main", path: "." },
  port: 3000,
  healthPath: "/healthz",
  env,
});

/**
 * A tenant with two services, `web` (its own API_TOKEN) and `worker` (its own LOG_LEVEL),
 * whose first deployment reached ready with an image for each: what an env change can roll.
 * `ready: false` leaves the first deployment queued instead.
 */
export async function twoServiceTenant(org: TestOrg, options: { ready?: boolean } = {}) {
  const created = await createTenant(org, {
    services: [
      service("web", { API_TOKEN: "s3cr3t-value" }),
      service("worker", { LOG_LEVEL: "warn" }),
    ],
  });
  if (options.ready !== false) {
    await reportEvents(created.deployment.id, [
      progressEvent(created.deployment.id, {
        seq: 0,
        stage: null,
        type: "deployment.ready",
        data: { images: { web: WEB_IMAGE, worker: WORKER_IMAGE } },
      }),
    ]);
  }
  return created;
}

export const envPath = (tenantId: string, where: { service?: string; key?: string } = {}) =>
  `/v1/tenants/${tenantId}${where.service ? `/services/${where.service}` : ""}/env${where.key ? `/${where.key}` : ""}`;

export const envCall = (
  headers: Record<string, string>,
  method: "GET" | "PUT" | "PATCH" | "DELETE",
  path: string,
  json?: unknown,
) => request(path, { method, headers, ...(json === undefined ? {} : { json }) });

/** Another key of the organization, with only `scopes`. */
export async function keyWith(org: TestOrg, scopes: ApiKeyScope[]) {
  const res = await request("/v1/api-keys", {
    method: "POST",
    headers: org.headers,
    json: { name: `env ${scopes.join("+")}`, scopes },
  });
  expect(res.status).toBe(201);
  return bearer(((await res.json()) as { key: string }).key);
}

/** Ends a deployment as ready, so the tenant can take its next change. */
export const settle = (deploymentId: string, images = { web: WEB_IMAGE, worker: WORKER_IMAGE }) =>
  reportEvents(deploymentId, [
    progressEvent(deploymentId, {
      seq: 0,
      stage: null,
      type: "deployment.ready",
      data: { images },
    }),
  ]);

export const expectNoSecret = (text: string) => {
  for (const secret of SECRETS) expect(text).not.toContain(secret);
};
