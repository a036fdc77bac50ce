import { createRouter } from "../../lib/router.ts";
import * as handlers from "./streams.handlers.ts";
import * as routes from "./streams.routes.ts";

export default createRouter()
  .openapi(routes.events, handlers.events)
  .openapi(routes.ticket, handlers.ticket)
  .openapi(routes.webSocket, handlers.webSocket);
