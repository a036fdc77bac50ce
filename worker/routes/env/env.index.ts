import { createRouter } from "../../lib/router.ts";
import * as handlers from "./env.handlers.ts";
import * as routes from "./env.routes.ts";

export default createRouter()
  .openapi(routes.getTenantEnv, handlers.getTenantEnv)
  .openapi(routes.replaceTenantEnv, handlers.replaceTenantEnv)
  .openapi(routes.patchTenantEnv, handlers.patchTenantEnv)
  .openapi(routes.unsetTenantEnv, handlers.unsetTenantEnv)
  .openapi(routes.getServiceEnv, handlers.getServiceEnv)
  .openapi(routes.replaceServiceEnv, handlers.replaceServiceEnv)
  .openapi(routes.patchServiceEnv, handlers.patchServiceEnv)
  .openapi(routes.unsetServiceEnv, handlers.unsetServiceEnv);
