import type { AppRouteHandler } from "../../lib/types.ts";
import { erasureReceipt } from "../../tenants/erasure-receipt.ts";
import type { GetOneRoute } from "./erasure.routes.ts";

export const getOne: AppRouteHandler<GetOneRoute> = async (c) =>
  c.json(
    await erasureReceipt(c.get("db"), c.get("principal").organizationId, c.req.valid("param").id),
    200,
  );
