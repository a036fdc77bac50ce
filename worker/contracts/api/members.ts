import { z } from "@hono/zod-openapi";
import { createInsertSchema, createSelectSchema } from "drizzle-zod";
import { MEMBER_ROLES, users } from "../../db/schema.ts";

export const MemberRoleSchema = z.enum(MEMBER_ROLES).openapi({
  description: "viewer: read; developer: read and write; admin: every scope, members included",
});

/** A member as its organization sees it. */
export const MemberSchema = createSelectSchema(users)
  .omit({ organizationId: true })
  .extend({
    id: z.string().openapi({
      example: "usr_0123456789abcdefghjk",
      description: "What audit entries name the member by: `user:<id>`",
    }),
    issuer: z.string().openapi({ example: "https://idp.example.com/" }),
    subject: z.string().openapi({ example: "auth0|5f7c8ec7c33c6c004bbafe82" }),
    role: MemberRoleSchema,
  })
  .openapi("Member");

export const AddMemberBody = createInsertSchema(users, {
  subject: z.string().min(1).max(255),
  issuer: z.string().url().max(255).optional().openapi({
    description:
      "The identity provider that issues the subject's tokens; the configured one when absent",
  }),
  email: z.string().email().max(254).optional(),
  role: MemberRoleSchema,
})
  .pick({ subject: true, issuer: true, email: true, role: true })
  .strict()
  .openapi("AddMember");

export const UpdateMemberBody = z
  .object({ role: MemberRoleSchema })
  .strict()
  .openapi("UpdateMember");

export const MemberParams = z.object({
  subject: z
    .string()
    .min(1)
    .max(255)
    .openapi({ param: { name: "subject", in: "path" } }),
});

export const MemberQuery = z.object({
  issuer: z.string().max(255).optional().openapi({
    description: "The subject's issuer; the configured one when absent",
  }),
});
