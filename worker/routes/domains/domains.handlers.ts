import { findOwnedTenant } from "../../db/ownership.ts";
import { loadPlatformConfig } from "../../db/platform-config.ts";
import { addDomain } from "../../domains/add-domain.ts";
import { domainView } from "../../domains/domain-view.ts";
import { findOwnedDomain, tenantDomains } from "../../domains/find-domain.ts";
import { removeDomain } from "../../domains/remove-domain.ts";
import { verifyDomain } from "../../domains/verify-domain.ts";
import { providerScope } from "../../lib/request-scope.ts";
import type { AppRouteHandler } from "../../lib/types.ts";
import type { AddRoute, GetRoute, ListRoute, RemoveRoute, VerifyRoute } from "./domains.routes.ts";

export const list: AppRouteHandler<ListRoute> = async (c) => {
  const db = c.get("db");
  const tenant = await findOwnedTenant(
    db,
    c.get("principal").organizationId,
    c.req.valid("param").id,
  );
  const [rows, config] = await Promise.all([tenantDomains(db, tenant.id), loadPlatformConfig(db)]);
  return c.json({ data: rows.map((row) => domainView(row, tenant.slug, config)) }, 200);
};

export const add: AppRouteHandler<AddRoute> = async (c) =>
  c.json(
    await addDomain(providerScope(c), c.req.valid("param").id, c.req.valid("json").domain),
    201,
  );

export const get: AppRouteHandler<GetRoute> = async (c) => {
  const db = c.get("db");
  const { id, domain } = c.req.valid("param");
  const { tenant, row } = await findOwnedDomain(db, c.get("principal").organizationId, id, domain);
  return c.json(domainView(row, tenant.slug, await loadPlatformConfig(db)), 200);
};

export const verify: AppRouteHandler<VerifyRoute> = async (c) => {
  const { id, domain } = c.req.valid("param");
  return c.json(await verifyDomain(providerScope(c), id, domain), 200);
};

export const remove: AppRouteHandler<RemoveRoute> = async (c) => {
  const { id, domain } = c.req.valid("param");
  return c.json(await removeDomain(providerScope(c), id, domain), 200);
};
