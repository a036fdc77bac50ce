import { unstable_startWorker } from "wrangler";
import { ensureDashboardBuilt } from "../../worker/dashboard/build/ensure-built.ts";

const OPENAPI_PATH = "/v1/openapi.json";

/**
 * The OpenAPI document exactly as the Worker serves it: the Worker runs locally in workerd on a
 * free port, without persisted state, only for as long as one request takes.
 */
export const servedDocument = async (configPath: string): Promise<unknown> => {
  // wrangler refuses a configuration whose assets folder is missing, as on a fresh clone.
  ensureDashboardBuilt();
  const worker = await unstable_startWorker({
    config: configPath,
    dev: {
      server: { hostname: "127.0.0.1", port: 0 },
      inspector: false,
      persist: false,
      watch: false,
      logLevel: "error",
    },
  });
  try {
    await worker.ready;
    const response = await fetch(new URL(OPENAPI_PATH, await worker.url));
    if (!response.ok) throw new Error(`${OPENAPI_PATH} answered ${response.status}`);
    return await response.json();
  } finally {
    await worker.dispose();
  }
};
