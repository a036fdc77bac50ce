import { errors, jwtVerify } from "jose";
import { RUNNER_ISSUER, RUNNER_TOKEN_AUDIENCE } from "../contracts/index.ts";
import { hmacKey } from "./hmac-key.ts";

/** Runner tokens are minted per request or cached briefly; anything older is refused. */
export const RUNNER_TOKEN_MAX_AGE_SECONDS = 300;
const CLOCK_TOLERANCE_SECONDS = 5;

export interface RunnerPrincipal {
  /** The runner instance that signed the token (its `sub`): who holds an attempt's claim. */
  runnerId: string;
  /** The one deployment the token may read or report on (its `deployment` claim). */
  deploymentId: string;
  /** The one attempt of it (its `attempt` claim): a superseded attempt's token is refused. */
  attempt: number;
}

export class RunnerTokenError extends Error {
  override name = "RunnerTokenError";
}

/**
 * Verifies a token presented to /internal: HS256 only (no algorithm confusion with provider
 * JWTs), the runner's issuer and the edge's audience, a bounded lifetime, and the deployment
 * and attempt it is scoped to.
 */
export const verifyRunnerToken = async (
  secret: string,
  token: string,
): Promise<RunnerPrincipal> => {
  try {
    const { payload } = await jwtVerify(token, hmacKey(secret), {
      algorithms: ["HS256"],
      issuer: RUNNER_ISSUER,
      audience: RUNNER_TOKEN_AUDIENCE,
      requiredClaims: ["exp", "iat", "sub", "deployment", "attempt"],
      maxTokenAge: RUNNER_TOKEN_MAX_AGE_SECONDS,
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
    });
    const { deployment, attempt } = payload;
    if (typeof deployment !== "string" || !Number.isInteger(attempt) || (attempt as number) < 1) {
      throw new RunnerTokenError("ERR_JWT_CLAIM_VALIDATION_FAILED");
    }
    return {
      runnerId: payload.sub as string,
      deploymentId: deployment,
      attempt: attempt as number,
    };
  } catch (error) {
    if (error instanceof RunnerTokenError) throw error;
    if (error instanceof errors.JOSEError) throw new RunnerTokenError(error.code);
    throw error;
  }
};
