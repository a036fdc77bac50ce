import { env } from "cloudflare:workers";
import { SignJWT } from "jose";
import { RUNNER_ISSUER, RUNNER_TOKEN_AUDIENCE } from "../../../worker/contracts/index.ts";

/** The runner instance tests act as unless they name another. */
export const TEST_RUNNER = "runner-test";

/** The deployment a token names unless a test names the one it calls about. */
export const TEST_DEPLOYMENT = "dep_aaaaaaaaaaaaaaaaaaaa";

export interface RunnerTokenOptions {
  secret?: string;
  issuer?: string;
  audience?: string;
  /** The runner instance, which claims hold attempts by. */
  subject?: string;
  /** The deployment and attempt the token is scoped to; null leaves the claim out. */
  deployment?: string | null;
  attempt?: number | null;
  /** Seconds relative to now. */
  issuedAt?: number;
  expiresIn?: number;
}

/** Signs a token the way the runner does for /internal calls; options make it wrong on purpose. */
export const signRunnerToken = (options: RunnerTokenOptions = {}): Promise<string> => {
  const now = Math.floor(Date.now() / 1000);
  const issuedAt = now + (options.issuedAt ?? 0);
  const scope = {
    ...(options.deployment === null ? {} : { deployment: options.deployment ?? TEST_DEPLOYMENT }),
    ...(options.attempt === null ? {} : { attempt: options.attempt ?? 1 }),
  };
  return new SignJWT(scope)
    .setProtectedHeader({ alg: "HS256" })
    .setIssuer(options.issuer ?? RUNNER_ISSUER)
    .setAudience(options.audience ?? RUNNER_TOKEN_AUDIENCE)
    .setSubject(options.subject ?? TEST_RUNNER)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + (options.expiresIn ?? 60))
    .sign(new TextEncoder().encode(options.secret ?? env.RUNNER_TOKEN_SECRET));
};
