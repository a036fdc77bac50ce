import { z } from "@hono/zod-openapi";

/** The `{id}` of a resource path: bounded before anything looks it up. */
export const IdParams = z.object({ id: z.string().max(64) });
