import { createRouter } from "../../lib/router.ts";
import * as handlers from "./usage.handlers.ts";
import * as routes from "./usage.routes.ts";

export default createRouter()
  .openapi(routes.organizationUsage, handlers.organizationUsage)
  .openapi(routes.tenantUsage, handlers.tenantUsage);
