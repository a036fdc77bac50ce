import { providerScope } from "../../lib/request-scope.ts";
import type { AppRouteHandler } from "../../lib/types.ts";
import { updateService } from "../../services/update-service.ts";
import type { UpdateRoute } from "./services.routes.ts";

export const update: AppRouteHandler<UpdateRoute> = async (c) => {
  const { id, name } = c.req.valid("param");
  return c.json(await updateService(providerScope(c), id, name, c.req.valid("json")), 202);
};
