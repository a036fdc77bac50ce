import { findOwnedDeployment, findOwnedTenant, findTenantService } from "../../db/ownership.ts";
import type { AppRouteHandler } from "../../lib/types.ts";
import { deploymentLogLines, deploymentLogText } from "../../logs/deployment-logs.ts";
import { logBody } from "../../logs/log-format.ts";
import {
  durationSeconds,
  fetchRuntimeLogs,
  runtimeLogLines,
  runtimeLogText,
} from "../../logs/runtime-logs.ts";
import { progressStub } from "../../progress/deployment-ref.ts";
import type { DeploymentLogsRoute, ServiceLogsRoute } from "./logs.routes.ts";

export const deploymentLogs: AppRouteHandler<DeploymentLogsRoute> = async (c) => {
  const { organizationId } = c.get("principal");
  const { id } = c.req.valid("param");
  const { format } = c.req.valid("query");
  await findOwnedDeployment(c.get("db"), organizationId, id);
  const events = await progressStub(c.env, id).logEvents();
  const { body, headers } = logBody(deploymentLogLines(events), format, deploymentLogText);
  return c.text(body, 200, headers);
};

export const serviceLogs: AppRouteHandler<ServiceLogsRoute> = async (c) => {
  const { organizationId } = c.get("principal");
  const { id, name } = c.req.valid("param");
  const { tail, since, follow, format } = c.req.valid("query");
  const db = c.get("db");
  const tenant = await findOwnedTenant(db, organizationId, id);
  await findTenantService(db, tenant.id, name);
  const res = await fetchRuntimeLogs(
    c.env,
    {
      tenantId: tenant.id,
      service: name,
      tail,
      sinceSeconds: since ? durationSeconds(since) : undefined,
      follow: follow === "true",
    },
    c.req.raw.signal,
  );
  if (follow === "true") {
    return new Response(res.body, {
      status: 200,
      headers: { "content-type": "text/event-stream", "cache-control": "no-store" },
    });
  }
  const { body, headers } = logBody(await runtimeLogLines(res), format, runtimeLogText);
  return c.text(body, 200, headers);
};
