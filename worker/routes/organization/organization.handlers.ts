import type { AppRouteHandler } from "../../lib/types.ts";
import { addMember, listMembers, removeMember, updateMember } from "../../members/members.ts";
import { readOrganization, updateOrganization } from "../../organization/update-organization.ts";
import type {
  AddMemberRoute,
  ListMembersRoute,
  RemoveMemberRoute,
  ShowRoute,
  UpdateMemberRoute,
  UpdateRoute,
} from "./organization.routes.ts";

export const show: AppRouteHandler<ShowRoute> = async (c) =>
  c.json(await readOrganization(c.get("db"), c.get("principal").organizationId), 200);

export const update: AppRouteHandler<UpdateRoute> = async (c) => {
  const scope = {
    db: c.get("db"),
    principal: c.get("principal"),
    config: c.get("config"),
    requestId: c.get("requestId"),
  };
  return c.json(await updateOrganization(scope, c.req.valid("json")), 200);
};

const memberScope = (c: Parameters<AppRouteHandler<ShowRoute>>[0]) => ({
  db: c.get("db"),
  principal: c.get("principal"),
  requestId: c.get("requestId"),
});

export const members: AppRouteHandler<ListMembersRoute> = async (c) =>
  c.json(
    await listMembers(c.get("db"), c.get("principal").organizationId, c.req.valid("query")),
    200,
  );

export const add: AppRouteHandler<AddMemberRoute> = async (c) => {
  const body = c.req.valid("json");
  const member = await addMember(memberScope(c), {
    subject: body.subject,
    issuer: body.issuer ?? c.env.JWT_ISSUER,
    email: body.email ?? null,
    role: body.role,
  });
  return c.json(member, 201);
};

export const changeRole: AppRouteHandler<UpdateMemberRoute> = async (c) => {
  const { subject } = c.req.valid("param");
  const { issuer } = c.req.valid("query");
  const key = { subject, issuer: issuer ?? c.env.JWT_ISSUER };
  return c.json(await updateMember(memberScope(c), key, c.req.valid("json").role), 200);
};

export const remove: AppRouteHandler<RemoveMemberRoute> = async (c) => {
  const { subject } = c.req.valid("param");
  const { issuer } = c.req.valid("query");
  await removeMember(memberScope(c), { subject, issuer: issuer ?? c.env.JWT_ISSUER });
  return c.body(null, 204);
};
