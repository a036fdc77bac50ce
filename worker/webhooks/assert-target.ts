import type { Database } from "../db/client.ts";
import { loadPlatformConfig } from "../db/platform-config.ts";
import type { Env } from "../env.ts";
import { ApiError } from "../errors/api-error.ts";
import { targetRefusal } from "./target-url.ts";

/** A URL Enclave would refuse to deliver to is refused when it is saved. */
export async function assertDeliverableUrl(env: Env, db: Database, url: string): Promise<void> {
  const { webhooks } = await loadPlatformConfig(db);
  const refusal = await targetRefusal(url, env.ENCLAVE_MODE, webhooks.dnsResolverUrl);
  if (refusal) {
    throw new ApiError("validation_failed", `The webhook URL ${refusal}`, [
      { path: "url", message: refusal },
    ]);
  }
}
