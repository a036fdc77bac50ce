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
        "Why the deployment happened: the tenant's creation, a redeploy, a plan change, a service change, an env change or its deletion",
    }),
    result: z.record(z.string(), z.unknown()).nullable(),
    rollout: z
      .object({ services: z.array(z.string()), images: z.record(z.string(), z.string()) })
      .nullable()
      .openapi({
        description:
          "An env change that rolls only `services` on the images the tenant served, without a build; null: every service is built and deployed",
      }),
    links: DeploymentLinksSchema,
  })
  .openapi("Deployment");
export type DeploymentView = z.infer<typeof DeploymentSchema>;
