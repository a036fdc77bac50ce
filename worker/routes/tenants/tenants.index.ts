import { createRouter } from "../../lib/router.ts";
import * as handlers from "./tenants.handlers.ts";
import * as routes from "./tenants.routes.ts";

export default createRouter()
  .openapi(routes.create, handlers.create)
  .openapi(routes.list, handlers.list)
  .openapi(routes.getOne, handlers.getOne)
  .openapi(routes.patch, handlers.patch)
  .openapi(routes.remove, handlers.remove);
