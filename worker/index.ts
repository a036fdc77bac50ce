import { app } from "./app.ts";
import type { Env } from "./env.ts";
import { handleQueue } from "./queue/consumer.ts";

export { DeploymentProgress } from "./progress/deployment-progress.ts";
export default { fetch: app.fetch, queue: handleQueue } satisfies ExportedHandler<Env, unknown>;
