import { createRoute } from "@hono/zod-openapi";
import { IdParams } from "../../contracts/api/common.ts";
import { AppendResultSchema, SpecQuery } from "../../contracts/api/internal.ts";
import { DeploymentSpec, ProgressBatch } from "../../contracts/index.ts";
import { commonProblems, problemSpec } from "../../errors/schemas.ts";
import { jsonBody, jsonContent } from "../../lib/openapi.ts";
import { requireRunner } from "./require-runner.ts";

/**
 * Runner-only routes, documented for operators who run or replace the runner; they accept a
 * runner token only, never a provider credential.
 */
export const getSpec = createRoute({
  method: "get",
  path: "/internal/v1/deployments/{id}/spec",
  tags: ["internal"],
  operationId: "claimDeploymentSpec",
  summary: "Claims an attempt for the calling runner and gives it the spec with decrypted env",
  description:
    "Granted when the attempt is the deployment's current one, has not ended, and is unclaimed, " +
    "already claimed by this runner (the token's `sub`), or its holder has been silent for " +
    "`timeouts.watchdogSeconds`. `progress.nextSeq` is where this execution's seq starts.",
  security: [{ runner: [] }],
  middleware: [requireRunner] as const,
  request: { params: IdParams, query: SpecQuery },
  responses: {
    200: jsonContent(DeploymentSpec, "The spec; the attempt is this runner's"),
    409: problemSpec("Another runner runs the attempt, or the attempt is stale, unknown or ended"),
    ...commonProblems,
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
  },
});
export type PostEventsRoute = typeof postEvents;
