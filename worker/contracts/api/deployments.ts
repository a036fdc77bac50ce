import { z } from "@hono/zod-openapi";
import { createSelectSchema } from "drizzle-zod";
import { DEPLOYMENT_TRIGGERS, deployments } from "../../db/schema.ts";
import { DeploymentId } from "../index.ts";

export const DeploymentLinksSchema = z
  .object({ events: z.string(), ws: z.string() })
  .openapi("DeploymentLinks", {
    description: "Progress streams of the deployment (SSE, WebSocket)",
  });

/**
 * A deployment row as the API shows it: without its organization or the services it recorded
 * (the tenant view shows those), with its streams.
 */
export const DeploymentSchema = createSelectSchema(deployments)
  .omit({ organizationId: true, services: true })
  .extend({
    id: DeploymentId.openapi({ example: "dep_0123456789abcdefghjk" }),
    trigger: z.enum(DEPLOYMENT_TRIGGERS).openapi({
      description:
        "Why the deployment happened: the tenant's creation, a redeploy, a plan change, a service change, a rollback or its deletion",
    }),
    rollbackOf: DeploymentId.nullable().openapi({
      description: "For a rollback: the earlier deployment whose images and services it deploys",
    }),
    result: z.record(z.string(), z.unknown()).nullable(),
    links: DeploymentLinksSchema,
  })
  .openapi("Deployment");
export type DeploymentView = z.infer<typeof DeploymentSchema>;
