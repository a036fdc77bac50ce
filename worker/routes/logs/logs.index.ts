import { createRouter } from "../../lib/router.ts";
import * as handlers from "./logs.handlers.ts";
import * as routes from "./logs.routes.ts";

export default createRouter()
  .openapi(routes.deploymentLogs, handlers.deploymentLogs)
  .openapi(routes.serviceLogs, handlers.serviceLogs);
