import { createRouter } from "../../lib/router.ts";
import * as handlers from "./admin.handlers.ts";
import * as routes from "./admin.routes.ts";

export default createRouter()
  .openapi(routes.createOrganization, handlers.createOrganization)
  .openapi(routes.listOrganizations, handlers.listOrganizations);
