import { backupObjects } from "../../backups/backup-objects.ts";
import { createRouter } from "../../lib/router.ts";
import * as handlers from "./backups.handlers.ts";
import * as routes from "./backups.routes.ts";

export default createRouter()
  .openapi(routes.create, handlers.create)
  .openapi(routes.list, handlers.list)
  .openapi(routes.getOne, handlers.getOne)
  .openapi(routes.restore, handlers.restore)
  .openapi(routes.remove, handlers.remove)
  .route("/", backupObjects);
