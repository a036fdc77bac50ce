import { createRoute } from "@hono/zod-openapi";
import { requireOperator } from "../../auth/operator.ts";
import {
  CreatedOrganizationSchema,
  CreateOrganizationBody,
  OrganizationSchema,
} from "../../contracts/api/organizations.ts";
import { commonProblems, idempotencyProblems } from "../../errors/schemas.ts";
import { IdempotencyHeaders, jsonBody, jsonContent } from "../../lib/openapi.ts";
import { PageQuery, pageOf } from "../../lib/pagination.ts";
import { idempotentForOperator } from "../../middleware/idempotency.ts";

export const createOrganization = createRoute({
  method: "post",
  path: "/v1/admin/organizations",
  tags: ["admin"],
  operationId: "createOrganization",
  summary: "Create an organization and its first admin API key (operator only)",
  security: [{ operator: [] }],
  middleware: [requireOperator, idempotentForOperator] as const,
  request: { headers: IdempotencyHeaders, body: jsonBody(CreateOrganizationBody) },
  responses: {
    201: jsonContent(CreatedOrganizationSchema, "The organization and its admin key"),
    ...commonProblems,
    ...idempotencyProblems,
  },
});
export type CreateOrganizationRoute = typeof createOrganization;

export const listOrganizations = createRoute({
  method: "get",
  path: "/v1/admin/organizations",
  tags: ["admin"],
  operationId: "listOrganizations",
  summary: "List organizations (operator only)",
  security: [{ operator: [] }],
  middleware: [requireOperator] as const,
  request: { query: PageQuery },
  responses: {
    200: jsonContent(pageOf(OrganizationSchema), "A page of organizations"),
    ...commonProblems,
  },
});
export type ListOrganizationsRoute = typeof listOrganizations;
