import { z } from "@hono/zod-openapi";
import { createSelectSchema } from "drizzle-zod";
import { DEPLOYMENT_TRIGGERS, deployments } from "../../db/schema.ts";
import { DeploymentId, DetectionResult, ServiceBuild } from "../index.ts";

export const DeploymentLinksSchema = z
  .object({ events: z.string(), ws: z.string() })
  .openapi("DeploymentLinks", {
    description: "Progress streams of the deployment (SSE, WebSocket)",
  });

export const DetectionResultSchema = DetectionResult.openapi("DetectionResult", {
  description:
    "What detection concluded about a service's source: languages, frameworks, commands, port, each with its evidence",
});

export const ServiceBuildSchema = ServiceBuild.extend({
  detection: DetectionResultSchema,
}).openapi("ServiceBuild", {
  description:
    "What a service's image was made from in this deployment: digest, base image, template (or the repository's Dockerfile), detection, build duration, and the deployment whose build was reused when nothing changed",
});

/**
 * What the runner reported when the deployment ended, by service where it applies. A failed
 * deployment keeps what was learned before the failure (and the stage that failed).
 */
export const DeploymentResultSchema = z
  .looseObject({
    url: z.string().optional(),
    namespace: z.string().optional(),
    stage: z.string().optional(),
    images: z.record(z.string(), z.string()).optional(),
    revisions: z.record(z.string(), z.string()).optional(),
    detections: z.record(z.string(), DetectionResultSchema).optional(),
    builds: z.record(z.string(), ServiceBuildSchema).optional(),
  })
  .openapi("DeploymentResult", {
    description:
      "The runner's report: public URL and namespace, and per service the image, commit, detection and build record",
  });
export type DeploymentResult = z.infer<typeof DeploymentResultSchema>;

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
        "Why the deployment happened: the tenant's creation, a redeploy, a plan change, a service change, an env change, a rollback or its deletion",
    }),
    rollbackOf: DeploymentId.nullable().openapi({
      description: "For a rollback: the earlier deployment whose images and services it deploys",
    }),
    result: DeploymentResultSchema.nullable(),
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
