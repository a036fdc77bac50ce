import { z } from "@hono/zod-openapi";
import { createInsertSchema, createSelectSchema } from "drizzle-zod";
import { organizations } from "../../db/schema.ts";
import { ApiKeySchema } from "./api-keys.ts";

export const OrganizationSchema = createSelectSchema(organizations)
  .extend({ id: z.string().openapi({ example: "org_0123456789abcdefghjk" }) })
  .openapi("Organization");

export const CreateOrganizationBody = createInsertSchema(organizations, {
  name: z.string().trim().min(1).max(100).openapi({ example: "Acme Inc" }),
  plan: z.string().min(1).max(63).optional().openapi({
    description:
      "A plan of the platform configuration, which sets the organization's API rate limit; the default plan when absent",
    example: "business",
  }),
})
  .pick({ name: true, plan: true })
  .strict()
  .openapi("CreateOrganization");

export const CreatedOrganizationSchema = z
  .object({
    organization: OrganizationSchema,
    apiKey: ApiKeySchema.extend({
      key: z.string().openapi({ description: "The full admin key. Shown once; store it now." }),
    }),
  })
  .openapi("CreatedOrganization");

export const UpdateOrganizationBody = z
  .object({
    name: CreateOrganizationBody.shape.name.optional(),
    plan: z.string().min(1).max(63).nullable().optional().openapi({
      description:
        "A plan of the platform configuration: the organization's API rate limit and caps; null returns to the platform's default plan",
      example: "business",
    }),
  })
  .strict()
  .openapi("UpdateOrganization");
