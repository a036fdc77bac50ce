import { createRoute } from "@hono/zod-openapi";
import { IdParams } from "../../contracts/api/common.ts";
import { AppendResultSchema, SpecQuery } from "../../contracts/api/internal.ts";
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
