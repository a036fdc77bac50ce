import { createRouter } from "../../lib/router.ts";
import * as handlers from "./internal.handlers.ts";
import * as routes from "./internal.routes.ts";

export default createRouter()
  .openapi(routes.getSpec, handlers.getSpec)
  .openapi(routes.postEvents, handlers.postEvents)
  .openapi(routes.postHeartbeat, handlers.postHeartbeat)
  .openapi(routes.postRelease, handlers.postRelease);
