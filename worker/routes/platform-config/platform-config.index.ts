import { createRouter } from "../../lib/router.ts";
import * as handlers from "./platform-config.handlers.ts";
import * as routes from "./platform-config.routes.ts";

export default createRouter()
  .openapi(routes.getConfig, handlers.getConfig)
  .openapi(routes.putConfig, handlers.putConfig)
  .openapi(routes.deleteConfig, handlers.deleteConfig);
