import { eq } from "drizzle-orm";
import type { Context } from "hono";
import type { DeploymentSpec } from "../../contracts/index.ts";
import { deployments } from "../../db/schema.ts";
import { buildDeploymentSpec, type UnclaimedSpec } from "../../deployments/deployment-spec.ts";
import { ApiError, notFound } from "../../errors/api-error.ts";
import type { AppEnv, AppRouteHandler } from "../../lib/types.ts";
import { deploymentRef, progressStub } from "../../progress/deployment-ref.ts";
import type {
  GetSpecRoute,
  PostEventsRoute,
  PostHeartbeatRoute,
  PostReleaseRoute,
} from "./internal.routes.ts";

/** A token scoped to one attempt speaks for that attempt only. */
function assertTokenAttempt(tokenAttempt: number, attempts: number[], what: string): void {
  if (attempts.some((attempt) => attempt !== tokenAttempt)) {
    throw new ApiError(
      "forbidden",
      `The runner token is for attempt ${tokenAttempt}; every ${what} must be ${tokenAttempt}`,
    );
  }
}

/**
 * What removing a dead-lettered deployment's leftovers needs: names and selectors, no secret.
 * It claims nothing: the deployment has ended, and no event of it is accepted any more.
 */
function cleanupSpec(spec: UnclaimedSpec, status: string): DeploymentSpec {
  if (status !== "failed") {
    throw new ApiError("invalid_state", "Only a failed deployment is cleaned up after");
  }
  return {
    ...spec,
    services: spec.services.map((service) => ({ ...service, env: {} })),
    progress: { nextSeq: 0 },
  };
}

/** Fetching the spec claims the attempt: only one runner instance at a time may run it. */
export const getSpec: AppRouteHandler<GetSpecRoute> = async (c) => {
  const { id } = c.req.valid("param");
  const { attempt, purpose } = c.req.valid("query");
  assertTokenAttempt(c.get("runner").attempt, [attempt], "attempt");
  const spec = await buildDeploymentSpec(c.env, c.get("db"), id, new URL(c.req.url).origin);
  c.header("cache-control", "no-store");
  if (purpose === "cleanup") {
    const { status } = await deploymentRow(c, id);
    return c.json(cleanupSpec(spec, status), 200);
  }
  const ref = deploymentRef({
    ...spec.deployment,
    tenantId: spec.tenant.id,
    organizationId: spec.tenant.organizationId,
  });
  const claim = await progressStub(c.env, id).claim(ref, {
    attempt,
    runnerId: c.get("runner").runnerId,
    // A holder as silent as the watchdog tolerates is presumed dead, as the watchdog presumes.
    leaseMs: spec.config.timeouts.watchdogSeconds * 1000,
  });
  if (claim.outcome === "refused") throw new ApiError("invalid_state", claim.reason);
  return c.json({ ...spec, progress: { nextSeq: claim.nextSeq } }, 200);
};

export const postEvents: AppRouteHandler<PostEventsRoute> = async (c) => {
  const { id } = c.req.valid("param");
  const { events } = c.req.valid("json");
  const foreign = events.findIndex((event) => event.deploymentId !== id);
  if (foreign !== -1) {
    throw new ApiError("validation_failed", "Every event must belong to this deployment", [
      { path: `events.${foreign}.deploymentId`, message: "must match the deployment in the URL" },
    ]);
  }
  assertTokenAttempt(
    c.get("runner").attempt,
    events.map((event) => event.attempt),
    "events.attempt",
  );
  const [row] = await c.get("db").select().from(deployments).where(eq(deployments.id, id)).limit(1);
  if (!row) throw notFound("Deployment");
  const result = await progressStub(c.env, id).append(
    deploymentRef(row),
    c.get("runner").runnerId,
    events,
  );
  if (result.outcome === "unknown_attempt") {
    throw new ApiError(
      "invalid_state",
      `The deployment's current attempt is ${result.currentAttempt}`,
    );
  }
  if (result.outcome === "not_holder") {
    const holder = result.holder ? `runner ${result.holder}` : "no runner";
    throw new ApiError(
      "invalid_state",
      `Attempt ${result.attempt} is claimed by ${holder}: fetch its spec to claim it`,
    );
  }
  const { accepted, duplicates, stale, cancelled } = result;
  return c.json({ accepted, duplicates, stale, cancelled }, 202);
};

/** The deployment row the runner's token names (requireRunner has checked it exists). */
async function deploymentRow(c: Context<AppEnv>, id: string) {
  const [row] = await c.get("db").select().from(deployments).where(eq(deployments.id, id)).limit(1);
  if (!row) throw notFound("Deployment");
  return row;
}

export const postHeartbeat: AppRouteHandler<PostHeartbeatRoute> = async (c) => {
  const { id } = c.req.valid("param");
  const beat = c.req.valid("json");
  assertTokenAttempt(c.get("runner").attempt, [beat.attempt], "attempt");
  const row = await deploymentRow(c, id);
  const alive = await progressStub(c.env, id).heartbeat(
    deploymentRef(row),
    c.get("runner").runnerId,
    beat,
  );
  return c.json({ alive }, 200);
};

export const postRelease: AppRouteHandler<PostReleaseRoute> = async (c) => {
  const { id } = c.req.valid("param");
  const { attempt, reason } = c.req.valid("json");
  assertTokenAttempt(c.get("runner").attempt, [attempt], "attempt");
  const row = await deploymentRow(c, id);
  const redispatched = await progressStub(c.env, id).release(
    deploymentRef(row),
    c.get("runner").runnerId,
    attempt,
    `Runner ${c.get("runner").runnerId} handed attempt ${attempt} back: ${reason}`,
  );
  return c.json({ redispatched }, 200);
};
