import { createRouter } from "../../lib/router.ts";
import * as handlers from "./suspension.handlers.ts";
import * as routes from "./suspension.routes.ts";

export default createRouter()
  .openapi(routes.suspend, handlers.suspend)
  .openapi(routes.resume, handlers.resume);
