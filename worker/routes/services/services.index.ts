import { createRouter } from "../../lib/router.ts";
import * as handlers from "./services.handlers.ts";
import * as routes from "./services.routes.ts";

export default createRouter()
  .openapi(routes.list, handlers.list)
  .openapi(routes.create, handlers.create)
  .openapi(routes.getOne, handlers.getOne)
  .openapi(routes.update, handlers.update)
  .openapi(routes.remove, handlers.remove)
  .openapi(routes.scale, handlers.scale)
  .openapi(routes.restart, handlers.restart);
