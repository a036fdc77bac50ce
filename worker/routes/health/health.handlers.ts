import type { AppRouteHandler } from "../../lib/types.ts";
import type { HealthRoute } from "./health.routes.ts";

export const health: AppRouteHandler<HealthRoute> = (c) =>
  c.json({ status: "ok" as const, mode: c.env.ENCLAVE_MODE }, 200);
