import type { MiddlewareHandler } from "hono";
import { looksLikeApiKey } from "../../auth/api-key.ts";
import { bearerToken } from "../../auth/authenticate.ts";
import { ApiError } from "../../errors/api-error.ts";
import type { AppEnv } from "../../lib/types.ts";
import { RunnerTokenError, verifyRunnerToken } from "../../tokens/runner-token.ts";

/**
 * The /internal routes accept the runner's token and nothing else: a provider API key or JWT
 * is refused before any lookup, so a provider credential can never read decrypted secrets.
 */
export const requireRunner: MiddlewareHandler<AppEnv> = async (c, next) => {
  const token = bearerToken(c.req.header("authorization"));
  if (!token) throw new ApiError("unauthenticated", "A runner token is required");
  if (looksLikeApiKey(token)) {
    throw new ApiError("unauthenticated", "Provider credentials are not accepted here");
  }
  try {
    c.set("runner", await verifyRunnerToken(c.env.RUNNER_TOKEN_SECRET, token));
  } catch (error) {
    if (error instanceof RunnerTokenError) {
      throw new ApiError("unauthenticated", "The runner token is invalid or expired");
    }
    throw error;
  }
  await next();
};
