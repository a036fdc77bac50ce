import { app } from "./app.ts";
import { runBackupSchedule } from "./backups/scheduled.ts";
import { isApiPath, serveDashboard } from "./dashboard/serve.ts";
import type { Env } from "./env.ts";
import { handleQueue } from "./queue/consumer.ts";

export { DeploymentProgress } from "./progress/deployment-progress.ts";
export { OrgRateLimiter } from "./rate-limits/org-rate-limiter.ts";
export default {
  fetch: (request, env, ctx) =>
    isApiPath(new URL(request.url)) ? app.fetch(request, env, ctx) : serveDashboard(request),
  queue: handleQueue,
  scheduled: (_controller, env, ctx) => ctx.waitUntil(runBackupSchedule(env)),
} satisfies ExportedHandler<Env, unknown>;
