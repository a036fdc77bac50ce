import { findOwnedTenant } from "../../db/ownership.ts";
import { providerScope } from "../../lib/request-scope.ts";
import type { AppRouteHandler } from "../../lib/types.ts";
import {
  addNetworkRule,
  removeNetworkRule,
  ruleView,
  tenantRules,
} from "../../network-rules/change-network-rules.ts";
import type { AddRoute, ListRoute, RemoveRoute } from "./network-rules.routes.ts";

export const list: AppRouteHandler<ListRoute> = async (c) => {
  const db = c.get("db");
  const tenant = await findOwnedTenant(
    db,
    c.get("principal").organizationId,
    c.req.valid("param").id,
  );
  return c.json({ data: (await tenantRules(db, tenant.id)).map(ruleView) }, 200);
};

export const add: AppRouteHandler<AddRoute> = async (c) =>
  c.json(await addNetworkRule(providerScope(c), c.req.valid("param").id, c.req.valid("json")), 202);

export const remove: AppRouteHandler<RemoveRoute> = async (c) => {
  const { id, ruleId } = c.req.valid("param");
  return c.json(await removeNetworkRule(providerScope(c), id, ruleId), 202);
};
