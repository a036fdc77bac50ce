import { createRouter } from "../../lib/router.ts";
import * as handlers from "./organization.handlers.ts";
import * as routes from "./organization.routes.ts";

export default createRouter()
  .openapi(routes.show, handlers.show)
  .openapi(routes.update, handlers.update)
  .openapi(routes.listMembers, handlers.members)
  .openapi(routes.addMember, handlers.add)
  .openapi(routes.updateMember, handlers.changeRole)
  .openapi(routes.removeMember, handlers.remove);
