import type { D1Migration } from "@cloudflare/vitest-plugin";
import type { JobMessage } from "./contracts/index.ts";
import type { DeploymentProgress } from "./progress/deployment-progress.ts";

/** Bindings and variables of the edge Worker (wrangler.toml, secrets in .dev.vars). */
export interface Env {
  DB: D1Database;
  JOBS: Queue<JobMessage>;
  PROGRESS: DurableObjectNamespace<DeploymentProgress>;
  /** The dashboard's built static assets (worker/dashboard). */
  ASSETS: Fetcher;
  ENCLAVE_MODE: "local" | "live";
  RUNNER_URL: string;
  JWT_ISSUER: string;
  JWT_AUDIENCE: string;
  JWT_JWKS_URL: string;
  JWT_PUBLIC_KEY: string;
  JWT_ORG_CLAIM: string;
  JWT_ALGORITHMS: string;
  /** The dashboard's OAuth client at the identity provider (JWT_ISSUER); empty turns OIDC off. */
  OIDC_CLIENT_ID: string;
  /** Only for a confidential client; a public client relies on PKCE alone. */
  OIDC_CLIENT_SECRET?: string;
  OIDC_SCOPES: string;
  JOB_TOKEN_SECRET: string;
  RUNNER_TOKEN_SECRET: string;
  ENCRYPTION_KEYS: string;
  ENCRYPTION_KEY_ID: string;
  /** Bearer token of the platform operator (organization management). */
  OPERATOR_TOKEN: string;
  /** Only in tests: the migrations read by the Vitest config. */
  TEST_MIGRATIONS?: D1Migration[];
}

type EnclaveEnv = Env;

declare global {
  namespace Cloudflare {
    interface Env extends EnclaveEnv {}
    interface GlobalProps {
      mainModule: typeof import("./index.ts");
    }
  }
}
