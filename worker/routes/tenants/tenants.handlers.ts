import { providerScope } from "../../lib/request-scope.ts";
import type { AppRouteHandler } from "../../lib/types.ts";
import { createTenant } from "../../tenants/create-tenant.ts";
import { deleteTenant } from "../../tenants/delete-tenant.ts";
import { tenantViewOf, tenantWithServices } from "../../tenants/find-tenant.ts";
import { listTenants } from "../../tenants/list-tenants.ts";
import { updateTenant } from "../../tenants/update-tenant.ts";
import type {
  CreateRoute,
  GetOneRoute,
  ListRoute,
  PatchRoute,
  RemoveRoute,
} from "./tenants.routes.ts";

export const create: AppRouteHandler<CreateRoute> = async (c) =>
  c.json(await createTenant(providerScope(c), c.req.valid("json")), 202);

export const list: AppRouteHandler<ListRoute> = async (c) => {
  const { organizationId } = c.get("principal");
  return c.json(await listTenants(c.get("db"), organizationId, c.req.valid("query")), 200);
};

export const getOne: AppRouteHandler<GetOneRoute> = async (c) => {
  const { organizationId } = c.get("principal");
  const { id } = c.req.valid("param");
  const companions = c.get("companions");
  return c.json(
    companions
      ? tenantViewOf(companions, id, c.get("config"))
      : await tenantWithServices(c.get("db"), organizationId, id, c.get("config")),
    200,
  );
};

export const patch: AppRouteHandler<PatchRoute> = async (c) => {
  const result = await updateTenant(providerScope(c), c.req.valid("param").id, c.req.valid("json"));
  return result.outcome === "redeploying"
    ? c.json(result.operation, 202)
    : c.json(result.tenant, 200);
};

export const remove: AppRouteHandler<RemoveRoute> = async (c) =>
  c.json(await deleteTenant(providerScope(c), c.req.valid("param").id), 202);
