import { createRoute, z } from "@hono/zod-openapi";
import { requireProvider } from "../../auth/authenticate.ts";
import { IdParams } from "../../contracts/api/common.ts";
import { DeploymentLogsQuery, RuntimeLogsQuery } from "../../contracts/api/logs.ts";
import { ServiceParams } from "../../contracts/api/services.ts";
import { commonProblems } from "../../errors/schemas.ts";

const logContent = (description: string) => ({
  description,
  content: {
    "text/plain": { schema: z.string() },
    "application/jsonl": { schema: z.string() },
  },
});

export const deploymentLogs = createRoute({
  method: "get",
  path: "/v1/deployments/{id}/logs",
  tags: ["deployments"],
  operationId: "getDeploymentLogs",
  summary: "The deployment's build log, kept after the build is gone",
  description:
    "The lines the build's containers wrote, as the runner read them while the build ran, " +
    "every attempt in order. Secret values are redacted by the runner before they leave it. " +
    "`format=text` prefixes each line with its service (`web | …`); `format=jsonl` gives " +
    "`{at, attempt, stage, service, container, line}` per line.",
  security: [{ provider: ["read"] }],
  middleware: [requireProvider("read")] as const,
  request: { params: IdParams, query: DeploymentLogsQuery },
  responses: { 200: logContent("The log lines"), ...commonProblems },
});
export type DeploymentLogsRoute = typeof deploymentLogs;

export const serviceLogs = createRoute({
  method: "get",
  path: "/v1/tenants/{id}/services/{name}/logs",
  tags: ["services"],
  operationId: "getServiceLogs",
  summary: "A service's runtime logs, from every pod it runs",
  description:
    "Read from the cluster's pod log API by the runner, every pod of the service merged by " +
    "time. `format=text` prefixes each line with its pod (`[web-5d9c-x2] …`); `format=jsonl` " +
    "gives `{pod, at, line}`. With `follow=true` the answer is Server-Sent Events, one " +
    "`data: {pod, at, line}` per line, until you disconnect (or every pod's log ends, then " +
    "`event: end`). 503 `runner_unavailable` when the runner cannot be reached.",
  security: [{ provider: ["read"] }],
  middleware: [requireProvider("read")] as const,
  request: { params: ServiceParams, query: RuntimeLogsQuery },
  responses: {
    200: {
      description: "The log lines, or a stream of them",
      content: {
        "text/plain": { schema: z.string() },
        "application/jsonl": { schema: z.string() },
        "text/event-stream": { schema: z.string() },
      },
    },
    ...commonProblems,
  },
});
export type ServiceLogsRoute = typeof serviceLogs;
