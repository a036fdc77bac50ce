import { eq } from "drizzle-orm";
import type { MiddlewareHandler } from "hono";
import { looksLikeApiKey } from "../../auth/api-key.ts";
import { bearerToken } from "../../auth/authenticate.ts";
import { deployments } from "../../db/schema.ts";
import { ApiError, notFound } from "../../errors/api-error.ts";
import type { AppEnv } from "../../lib/types.ts";
import { RunnerTokenError, verifyRunnerToken } from "../../tokens/runner-token.ts";

/**
 * The /internal routes accept the runner's token and nothing else: a provider API key or JWT
 * is refused before any lookup, so a provider credential can never read decrypted secrets.
 * The token names one deployment and one attempt: for another deployment, or once the
 * deployment has moved to a later attempt, it is refused, so a token that leaks reads nothing
 * else and goes stale with its attempt.
 */
export const requireRunner: MiddlewareHandler<AppEnv> = async (c, next) => {
  const token = bearerToken(c.req.header("authorization"));
  if (!token) throw new ApiError("unauthenticated", "A runner token is required");
  if (looksLikeApiKey(token)) {
    throw new ApiError("unauthenticated", "Provider credentials are not accepted here");
  }
  let runner: Awaited<ReturnType<typeof verifyRunnerToken>>;
  try {
    runner = await verifyRunnerToken(c.env.RUNNER_TOKEN_SECRET, token);
  } catch (error) {
    if (error instanceof RunnerTokenError) {
      throw new ApiError("unauthenticated", "The runner token is invalid or expired");
    }
    throw error;
  }
  if (runner.deploymentId !== c.req.param("id")) {
    throw new ApiError("forbidden", "The runner token is for another deployment");
  }
  const [row] = await c
    .get("db")
    .select({ attempt: deployments.attempt })
    .from(deployments)
    .where(eq(deployments.id, runner.deploymentId))
    .limit(1);
  if (!row) throw notFound("Deployment");
  if (runner.attempt < row.attempt) {
    throw new ApiError(
      "forbidden",
      `The runner token is for attempt ${runner.attempt}; the deployment's current attempt is ${row.attempt}`,
    );
  }
  c.set("runner", runner);
  await next();
};
