import { createRoute } from "@hono/zod-openapi";
import { IdParams } from "../../contracts/api/common.ts";
import {
  AppendResultSchema,
  HeartbeatBody,
  HeartbeatResultSchema,
  ReleaseBody,
  ReleaseResultSchema,
  SpecQuery,
} from "../../contracts/api/internal.ts";
import { DeploymentSpec, ProgressBatch } from "../../contracts/index.ts";
import { commonProblems, problemSpec } from "../../errors/schemas.ts";
import { jsonBody, jsonContent } from "../../lib/openapi.ts";
import { requireRunner } from "./require-runner.ts";

/**
 * Runner-only routes, documented for operators who run or replace the runner; they accept a
 * runner token only, never a provider credential, and only one scoped to the deployment in
 * the path and its current attempt.
 */
const SCOPE_REFUSED = problemSpec(
  "The runner token names another deployment or attempt, or an attempt the deployment has moved past",
);
export const getSpec = createRoute({
  method: "get",
  path: "/internal/v1/deployments/{id}/spec",
  tags: ["internal"],
  operationId: "claimDeploymentSpec",
  summary: "Claims an attempt for the calling runner and gives it the spec with decrypted env",
  description:
    "Granted when the attempt is the deployment's current one, has not ended, and is unclaimed, " +
    "already claimed by this runner (the token's `sub`), or its holder has been silent for " +
    "`timeouts.watchdogSeconds`. `progress.nextSeq` is where this execution's seq starts. " +
    "The token's `deployment` and `attempt` claims must name this deployment and the attempt asked for.",
  security: [{ runner: [] }],
  middleware: [requireRunner] as const,
  request: { params: IdParams, query: SpecQuery },
  responses: {
    200: jsonContent(DeploymentSpec, "The spec; the attempt is this runner's"),
    409: problemSpec("Another runner runs the attempt, or the attempt is stale, unknown or ended"),
    ...commonProblems,
    403: SCOPE_REFUSED,
  },
});
export type GetSpecRoute = typeof getSpec;

export const postEvents = createRoute({
  method: "post",
  path: "/internal/v1/deployments/{id}/events",
  tags: ["internal"],
  operationId: "reportDeploymentEvents",
  summary: "Progress events from the runner (idempotent on attempt and seq)",
  security: [{ runner: [] }],
  middleware: [requireRunner] as const,
  request: { params: IdParams, body: jsonBody(ProgressBatch) },
  responses: {
    202: jsonContent(AppendResultSchema, "Logged; duplicates and stale attempts are counted"),
    409: problemSpec(
      "An attempt newer than the deployment's current one, or one this runner does not hold",
    ),
    ...commonProblems,
    403: SCOPE_REFUSED,
  },
});
export type PostEventsRoute = typeof postEvents;

export const postHeartbeat = createRoute({
  method: "post",
  path: "/internal/v1/deployments/{id}/heartbeat",
  tags: ["internal"],
  operationId: "reportDeploymentHeartbeat",
  summary: "A runner still has the job: queued behind its concurrency limit, or busy and quiet",
  description:
    "Keeps the watchdog from taking a job that waits its turn or works without events for " +
    "silent. A queued job counts while no runner has claimed the attempt (its position is " +
    "logged when it changes); a running one renews this runner's claim.",
  security: [{ runner: [] }],
  middleware: [requireRunner] as const,
  request: { params: IdParams, body: jsonBody(HeartbeatBody) },
  responses: {
    200: jsonContent(HeartbeatResultSchema, "Whether the runner should keep the job"),
    ...commonProblems,
    403: SCOPE_REFUSED,
  },
});
export type PostHeartbeatRoute = typeof postHeartbeat;

export const postRelease = createRoute({
  method: "post",
  path: "/internal/v1/deployments/{id}/release",
  tags: ["internal"],
  operationId: "releaseDeploymentAttempt",
  summary: "A runner shutting down hands the attempt back for another runner",
  description:
    "The deployment goes on to its next attempt, queued at once, instead of waiting for the " +
    "watchdog. Only the runner holding the attempt (or the one it is queued on, while nobody " +
    "claimed it) may hand it back.",
  security: [{ runner: [] }],
  middleware: [requireRunner] as const,
  request: { params: IdParams, body: jsonBody(ReleaseBody) },
  responses: {
    200: jsonContent(ReleaseResultSchema, "Whether the deployment moved on to a new attempt"),
    ...commonProblems,
    403: SCOPE_REFUSED,
  },
});
export type PostReleaseRoute = typeof postRelease;
