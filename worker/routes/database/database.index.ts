import { createRouter } from "../../lib/router.ts";
import * as handlers from "./database.handlers.ts";
import * as routes from "./database.routes.ts";

export default createRouter()
  .openapi(routes.get, handlers.get)
  .openapi(routes.add, handlers.add)
  .openapi(routes.rotatePassword, handlers.rotatePassword);
