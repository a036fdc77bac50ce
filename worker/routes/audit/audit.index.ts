import { createRouter } from "../../lib/router.ts";
import * as handlers from "./audit.handlers.ts";
import * as routes from "./audit.routes.ts";

export default createRouter()
  .openapi(routes.list, handlers.list)
  .openapi(routes.listAll, handlers.listAll);
