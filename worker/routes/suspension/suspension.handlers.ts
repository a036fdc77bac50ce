import { providerScope } from "../../lib/request-scope.ts";
import type { AppRouteHandler } from "../../lib/types.ts";
import { queueSuspension } from "../../tenants/suspend-tenant.ts";
import type { ResumeRoute, SuspendRoute } from "./suspension.routes.ts";

export const suspend: AppRouteHandler<SuspendRoute> = async (c) =>
  c.json(await queueSuspension(providerScope(c), c.req.valid("param").id, "suspend"), 202);

export const resume: AppRouteHandler<ResumeRoute> = async (c) =>
  c.json(await queueSuspension(providerScope(c), c.req.valid("param").id, "resume"), 202);
