import { createRoute, z } from "@hono/zod-openapi";
import { requireOperator } from "../../auth/operator.ts";
import { ApiKeySchema } from "../../contracts/api/api-keys.ts";
import { commonProblems, idempotencyProblems } from "../../errors/schemas.ts";
import { IdempotencyHeaders, jsonBody, jsonContent } from "../../lib/openapi.ts";
import { PageQuery, pageOf } from "../../lib/pagination.ts";
import { idempotentForOperator } from "../../middleware/idempotency.ts";

export const OrganizationSchema = z
  .object({
    id: z.string().openapi({ example: "org_0123456789abcdefghjk" }),
    name: z.string(),
    createdAt: z.string(),
  })
  .openapi("Organization");

const CreateOrganizationBody = z
  .strictObject({ name: z.string().trim().min(1).max(100).openapi({ example: "Acme Inc" }) })
  .openapi("CreateOrganization");

const CreatedOrganizationSchema = z
  .object({
    organization: OrganizationSchema,
    apiKey: ApiKeySchema.extend({
      key: z.string().openapi({ description: "The full admin key. Shown once; store it now." }),
    }),
  })
  .openapi("CreatedOrganization");

export const createOrganization = createRoute({
  method: "post",
  path: "/v1/admin/organizations",
  tags: ["admin"],
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
