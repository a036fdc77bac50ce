import { createRoute, z } from "@hono/zod-openapi";

export const health = createRoute({
  method: "get",
  path: "/v1/health",
  tags: ["health"],
  summary: "Liveness of the API (no authentication)",
  responses: {
    200: {
      description: "The API is up",
      content: {
        "application/json": {
          schema: z.object({ status: z.literal("ok"), mode: z.enum(["local", "live"]) }),
        },
      },
    },
  },
});
export type HealthRoute = typeof health;
