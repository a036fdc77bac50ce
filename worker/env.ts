import type { JobMessage } from "./contracts/index.ts";

/**
 * Bindings, variables and secrets of the edge Worker. `worker-configuration.d.ts` is generated
 * from wrangler.toml by `npm run types:worker`; this adds only what wrangler cannot know: the
 * message type of the jobs queue, the two values `ENCLAVE_MODE` may take, and the secret that
 * only some deployments set.
 */
export interface Env extends Omit<Cloudflare.Env, "JOBS" | "ENCLAVE_MODE"> {
  JOBS: Queue<JobMessage>;
  /** "local" accepts file:// and local-path git sources and issues enc_test_ keys. */
  ENCLAVE_MODE: "local" | "live";
  /** Only for a confidential OIDC client; a public client relies on PKCE alone. */
  OIDC_CLIENT_SECRET?: string;
}
