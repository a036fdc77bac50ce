import { createRouter } from "../../lib/router.ts";
import * as handlers from "./services.handlers.ts";
import * as routes from "./services.routes.ts";

export default createRouter().openapi(routes.update, handlers.update);
