import { createRoute } from "@hono/zod-openapi";
import { HealthSchema } from "../../contracts/api/health.ts";

export const health = createRoute({
  method: "get",
  path: "/v1/health",
  tags: ["health"],
  operationId: "getHealth",
  security: [],
  summary: "Liveness of the API (no authentication)",
  responses: {
    200: {
      description: "The API is up",
      content: {
        "application/json": {
          schema: HealthSchema,
        },
      },
    },
  },
});
export type HealthRoute = typeof health;
