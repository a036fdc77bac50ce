import { createRouter } from "../../lib/router.ts";
import * as handlers from "./plans.handlers.ts";
import * as routes from "./plans.routes.ts";

export default createRouter()
  .openapi(routes.listPlans, handlers.listPlans)
  .openapi(routes.adminListPlans, handlers.adminListPlans)
  .openapi(routes.adminGetPlan, handlers.adminGetPlan)
  .openapi(routes.adminPutPlan, handlers.adminPutPlan)
  .openapi(routes.adminDeletePlan, handlers.adminDeletePlan);
