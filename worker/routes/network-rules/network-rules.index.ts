import { createRouter } from "../../lib/router.ts";
import * as handlers from "./network-rules.handlers.ts";
import * as routes from "./network-rules.routes.ts";

export default createRouter()
  .openapi(routes.list, handlers.list)
  .openapi(routes.add, handlers.add)
  .openapi(routes.remove, handlers.remove);
