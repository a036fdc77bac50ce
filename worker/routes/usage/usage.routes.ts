import { createRoute, z } from "@hono/zod-openapi";
import { requireProvider } from "../../auth/authenticate.ts";
import { IdParams } from "../../contracts/api/common.ts";
import { UsageQuery, UsageReportSchema } from "../../contracts/api/usage.ts";
import { commonProblems } from "../../errors/schemas.ts";

const usageContent = {
  description: "Usage per UTC day, with totals (JSON), or one CSV line per day",
  content: {
    "application/json": { schema: UsageReportSchema },
    "text/csv": { schema: z.string() },
  },
};

export const organizationUsage = createRoute({
  method: "get",
  path: "/v1/usage",
  tags: ["usage"],
  operationId: "getUsage",
  summary: "The organization's usage per day, for billing",
  security: [{ provider: ["read"] }],
  middleware: [requireProvider("read")] as const,
  request: { query: UsageQuery },
  responses: { 200: usageContent, ...commonProblems },
});
export type OrganizationUsageRoute = typeof organizationUsage;

export const tenantUsage = createRoute({
  method: "get",
  path: "/v1/tenants/{id}/usage",
  tags: ["usage"],
  operationId: "getTenantUsage",
  summary: "One tenant's usage per day",
  security: [{ provider: ["read"] }],
  middleware: [requireProvider("read")] as const,
  request: { params: IdParams, query: UsageQuery },
  responses: { 200: usageContent, ...commonProblems },
});
export type TenantUsageRoute = typeof tenantUsage;
