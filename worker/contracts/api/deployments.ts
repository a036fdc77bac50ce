import { z } from "@hono/zod-openapi";
import { DEPLOYMENT_KINDS, DEPLOYMENT_STATUSES } from "../../db/schema.ts";
import { DeploymentId } from "../index.ts";

export const DeploymentLinksSchema = z
  .object({ events: z.string(), ws: z.string() })
  .openapi("DeploymentLinks", {
    description: "Progress streams of the deployment (SSE, WebSocket)",
  });

export const DeploymentSchema = z
  .object({
    id: DeploymentId.openapi({ example: "dep_0123456789abcdefghjk" }),
    tenantId: z.string(),
    kind: z.enum(DEPLOYMENT_KINDS),
    status: z.enum(DEPLOYMENT_STATUSES),
    attempt: z.number().int(),
    statusReason: z.string().nullable(),
    failedStage: z.string().nullable(),
    result: z.record(z.string(), z.unknown()).nullable(),
    createdAt: z.string(),
    startedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
    updatedAt: z.string(),
    links: DeploymentLinksSchema,
  })
  .openapi("Deployment");
export type DeploymentView = z.infer<typeof DeploymentSchema>;
