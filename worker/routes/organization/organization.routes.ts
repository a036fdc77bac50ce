import { createRoute } from "@hono/zod-openapi";
import { requireProvider } from "../../auth/authenticate.ts";
import {
  AddMemberBody,
  MemberParams,
  MemberQuery,
  MemberSchema,
  UpdateMemberBody,
} from "../../contracts/api/members.ts";
import { OrganizationSchema, UpdateOrganizationBody } from "../../contracts/api/organizations.ts";
import { commonProblems, idempotencyProblems, problemSpec } from "../../errors/schemas.ts";
import { IdempotencyHeaders, jsonBody, jsonContent } from "../../lib/openapi.ts";
import { PageQuery, pageOf } from "../../lib/pagination.ts";
import { idempotentPerOrganization } from "../../middleware/idempotency.ts";

const lastAdminProblem = {
  409: problemSpec("The organization's last admin cannot be removed or demoted"),
};

export const show = createRoute({
  method: "get",
  path: "/v1/organization",
  tags: ["organization"],
  operationId: "getOrganization",
  summary: "The caller's organization",
  security: [{ provider: ["read"] }],
  middleware: [requireProvider("read")] as const,
  responses: { 200: jsonContent(OrganizationSchema, "The organization"), ...commonProblems },
});
export type ShowRoute = typeof show;

export const update = createRoute({
  method: "patch",
  path: "/v1/organization",
  tags: ["organization"],
  operationId: "updateOrganization",
  summary: "Rename the organization or change its plan",
  security: [{ provider: ["admin"] }],
  middleware: [requireProvider("admin")] as const,
  request: { body: jsonBody(UpdateOrganizationBody) },
  responses: { 200: jsonContent(OrganizationSchema, "The organization"), ...commonProblems },
});
export type UpdateRoute = typeof update;

export const listMembers = createRoute({
  method: "get",
  path: "/v1/organization/members",
  tags: ["organization"],
  operationId: "listMembers",
  summary: "The JWT subjects that belong to the organization, with their roles",
  security: [{ provider: ["read"] }],
  middleware: [requireProvider("read")] as const,
  request: { query: PageQuery },
  responses: { 200: jsonContent(pageOf(MemberSchema), "A page of members"), ...commonProblems },
});
export type ListMembersRoute = typeof listMembers;

export const addMember = createRoute({
  method: "post",
  path: "/v1/organization/members",
  tags: ["organization"],
  operationId: "addMember",
  summary: "Add a JWT subject to the organization with a role",
  security: [{ provider: ["admin"] }],
  middleware: [requireProvider("admin"), idempotentPerOrganization] as const,
  request: { headers: IdempotencyHeaders, body: jsonBody(AddMemberBody) },
  responses: {
    201: jsonContent(MemberSchema, "The new member"),
    ...commonProblems,
    ...idempotencyProblems,
  },
});
export type AddMemberRoute = typeof addMember;

export const updateMember = createRoute({
  method: "patch",
  path: "/v1/organization/members/{subject}",
  tags: ["organization"],
  operationId: "updateMember",
  summary: "Change a member's role",
  security: [{ provider: ["admin"] }],
  middleware: [requireProvider("admin")] as const,
  request: { params: MemberParams, query: MemberQuery, body: jsonBody(UpdateMemberBody) },
  responses: {
    200: jsonContent(MemberSchema, "The member"),
    ...commonProblems,
    ...lastAdminProblem,
  },
});
export type UpdateMemberRoute = typeof updateMember;

export const removeMember = createRoute({
  method: "delete",
  path: "/v1/organization/members/{subject}",
  tags: ["organization"],
  operationId: "removeMember",
  summary: "Remove a member from the organization",
  security: [{ provider: ["admin"] }],
  middleware: [requireProvider("admin")] as const,
  request: { params: MemberParams, query: MemberQuery },
  responses: {
    204: { description: "Removed" },
    ...commonProblems,
    ...lastAdminProblem,
  },
});
export type RemoveMemberRoute = typeof removeMember;
