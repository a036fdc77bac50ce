import { createRouter } from "../../lib/router.ts";
import * as handlers from "./domains.handlers.ts";
import * as routes from "./domains.routes.ts";

export default createRouter()
  .openapi(routes.list, handlers.list)
  .openapi(routes.add, handlers.add)
  .openapi(routes.get, handlers.get)
  .openapi(routes.verify, handlers.verify)
  .openapi(routes.remove, handlers.remove);
