import { createRouter } from "../../lib/router.ts";
import * as handlers from "./credentials.handlers.ts";
import * as routes from "./credentials.routes.ts";

export default createRouter()
  .openapi(routes.list, handlers.list)
  .openapi(routes.create, handlers.create)
  .openapi(routes.remove, handlers.remove);
