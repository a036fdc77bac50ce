import { expect } from "vitest";
import { request, type TestOrg } from "../harness.ts";
import { progressEvent } from "../support/events.ts";
import { reportEvents } from "../support/runner-api.ts";

export const IMAGES = { web: "registry.enclave.internal/acme/web@sha256:aaaa" };

export const rulesPath = (tenantId: string, ruleId?: string) =>
  `/v1/tenants/${tenantId}/network-rules${ruleId ? `/${ruleId}` : ""}`;

export interface RuleChange {
  networkRule: { id: string; cidr: string; protocol: string; ports: number[] };
  deployment: { id: string; trigger: string };
}

/** Ends a deployment as ready on `IMAGES`, so the tenant serves and takes its next change. */
export const settle = (deploymentId: string) =>
  reportEvents(deploymentId, [
    progressEvent(deploymentId, {
      seq: 0,
      stage: null,
      type: "deployment.ready",
      data: { images: IMAGES },
    }),
  ]);

export const addRule = (org: TestOrg, tenantId: string, json: unknown) =>
  request(rulesPath(tenantId), { method: "POST", headers: org.headers, json });

export async function addedRule(org: TestOrg, tenantId: string, json: unknown) {
  const res = await addRule(org, tenantId, json);
  expect(res.status).toBe(202);
  return (await res.json()) as RuleChange;
}
