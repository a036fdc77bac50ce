import { errors, jwtVerify } from "jose";
import { RUNNER_ISSUER, RUNNER_TOKEN_AUDIENCE } from "../contracts/index.ts";
import { hmacKey } from "./hmac-key.ts";

/** Runner tokens are minted per request or cached briefly; anything older is refused. */
export const RUNNER_TOKEN_MAX_AGE_SECONDS = 300;
const CLOCK_TOLERANCE_SECONDS = 5;

export interface RunnerPrincipal {
  /** The runner instance that signed the token (its `sub`): who holds an attempt's claim. */
  runnerId: string;
}

export class RunnerTokenError extends Error {
  override name = "RunnerTokenError";
}

/**
 * Verifies a token presented to /internal: HS256 only (no algorithm confusion with provider
 * JWTs), the runner's issuer and the edge's audience, and a bounded lifetime.
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
      requiredClaims: ["exp", "iat", "sub"],
      maxTokenAge: RUNNER_TOKEN_MAX_AGE_SECONDS,
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
    });
    return { runnerId: payload.sub as string };
  } catch (error) {
    if (error instanceof errors.JOSEError) throw new RunnerTokenError(error.code);
    throw error;
  }
};
