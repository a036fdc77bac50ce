import type { JobMessage, WebhookMessage } from "./contracts/index.ts";

/**
 * Bindings, variables and secrets of the edge Worker. `worker-configuration.d.ts` is generated
 * from wrangler.toml by `npm run types:worker`; this adds only what wrangler cannot know: the
 * message types of the queues, the two values `ENCLAVE_MODE` may take, and the secret that
 * only some deployments set.
 */
export interface Env extends Omit<Cloudflare.Env, "JOBS" | "WEBHOOKS" | "ENCLAVE_MODE"> {
  JOBS: Queue<JobMessage>;
  WEBHOOKS: Queue<WebhookMessage>;
  /** "local" accepts file:// and local-path git sources and issues enc_test_ keys. */
  ENCLAVE_MODE: "local" | "live";
  /** Only for a confidential OIDC client; a public client relies on PKCE alone. */
  OIDC_CLIENT_SECRET?: string;
  /** Milliseconds between an isolate's usage reports to an organization's limiter (1000). */
  USAGE_REPORT_SPACING_MS?: string;
}
