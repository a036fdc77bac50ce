import { createRouter } from "../../lib/router.ts";
import * as handlers from "./erasure.handlers.ts";
import * as routes from "./erasure.routes.ts";

export default createRouter().openapi(routes.getOne, handlers.getOne);
