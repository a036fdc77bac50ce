import { createRouter } from "../../lib/router.ts";
import * as handlers from "./deployments.handlers.ts";
import * as routes from "./deployments.routes.ts";

export default createRouter()
  .openapi(routes.listForTenant, handlers.listForTenant)
  .openapi(routes.createForTenant, handlers.createForTenant)
  .openapi(routes.getOne, handlers.getOne)
  .openapi(routes.rollback, handlers.rollback)
  .openapi(routes.cancel, handlers.cancel);
