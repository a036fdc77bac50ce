import { createRouter } from "../../lib/router.ts";
import * as handlers from "./encryption.handlers.ts";
import * as routes from "./encryption.routes.ts";

export default createRouter().openapi(routes.rewrap, handlers.rewrap);
