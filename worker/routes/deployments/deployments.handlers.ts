import { findOwnedDeployment } from "../../db/ownership.ts";
import { cancelDeployment } from "../../deployments/cancel.ts";
import { deploymentView } from "../../deployments/deployment-view.ts";
import { listTenantDeployments } from "../../deployments/list-deployments.ts";
import { redeployTenant } from "../../deployments/redeploy.ts";
import { rollbackToDeployment } from "../../deployments/rollback.ts";
import { providerScope } from "../../lib/request-scope.ts";
import type { AppRouteHandler } from "../../lib/types.ts";
import type {
  CancelRoute,
  CreateForTenantRoute,
  GetOneRoute,
  ListForTenantRoute,
  RollbackRoute,
} from "./deployments.routes.ts";

export const listForTenant: AppRouteHandler<ListForTenantRoute> = async (c) => {
  const { organizationId } = c.get("principal");
  const { id } = c.req.valid("param");
  const page = await listTenantDeployments(c.get("db"), organizationId, id, c.req.valid("query"));
  return c.json(page, 200);
};

export const getOne: AppRouteHandler<GetOneRoute> = async (c) => {
  const { organizationId } = c.get("principal");
  const { id } = c.req.valid("param");
  return c.json(deploymentView(await findOwnedDeployment(c.get("db"), organizationId, id)), 200);
};

export const createForTenant: AppRouteHandler<CreateForTenantRoute> = async (c) =>
  c.json(await redeployTenant(providerScope(c), c.req.valid("param").id), 202);

export const rollback: AppRouteHandler<RollbackRoute> = async (c) =>
  c.json(await rollbackToDeployment(providerScope(c), c.req.valid("param").id), 202);

export const cancel: AppRouteHandler<CancelRoute> = async (c) =>
  c.json(await cancelDeployment(providerScope(c), c.req.valid("param").id), 202);
