import { createRouter } from "../../lib/router.ts";
import * as handlers from "./templates.handlers.ts";
import * as routes from "./templates.routes.ts";

export default createRouter()
  .openapi(routes.listTemplates, handlers.listTemplates)
  .openapi(routes.getTemplate, handlers.getTemplate)
  .openapi(routes.putTemplate, handlers.putTemplate)
  .openapi(routes.deleteTemplate, handlers.deleteTemplate)
  .openapi(routes.previewTemplate, handlers.previewTemplate);
