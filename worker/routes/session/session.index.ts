import { createRouter } from "../../lib/router.ts";
import * as handlers from "./session.handlers.ts";
import * as routes from "./session.routes.ts";

export default createRouter()
  .openapi(routes.options, handlers.options)
  .openapi(routes.current, handlers.current)
  .openapi(routes.signIn, handlers.signIn)
  .openapi(routes.localSignIn, handlers.signInLocally)
  .openapi(routes.signOut, handlers.signOut)
  .openapi(routes.oidcStart, handlers.oidcStart)
  .openapi(routes.oidcCallback, handlers.oidcCallback);
