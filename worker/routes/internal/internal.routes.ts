import { createRoute, z } from "@hono/zod-openapi";
import { DeploymentSpec, ProgressBatch } from "../../contracts/index.ts";
import { commonProblems, problemSpec } from "../../errors/schemas.ts";
import { jsonBody, jsonContent } from "../../lib/openapi.ts";
import { requireRunner } from "./require-runner.ts";

const params = z.object({ id: z.string().max(64) });

/**
 * Runner-only routes, documented for operators who run or replace the runner; they accept a
 * runner token only, never a provider credential.
 */
export const getSpec = createRoute({
  method: "get",
  path: "/internal/v1/deployments/{id}/spec",
  tags: ["internal"],
  summary: "The deployment spec with decrypted env, for the runner",
  security: [{ runner: [] }],
  middleware: [requireRunner] as const,
  request: { params },
  responses: { 200: jsonContent(DeploymentSpec, "The spec"), ...commonProblems },
});
export type GetSpecRoute = typeof getSpec;

export const AppendResultSchema = z.object({
  accepted: z.number().int(),
  duplicates: z.number().int(),
  stale: z.number().int(),
});

export const postEvents = createRoute({
  method: "post",
  path: "/internal/v1/deployments/{id}/events",
  tags: ["internal"],
  summary: "Progress events from the runner (idempotent on attempt and seq)",
  security: [{ runner: [] }],
  middleware: [requireRunner] as const,
  request: { params, body: jsonBody(ProgressBatch) },
  responses: {
    202: jsonContent(AppendResultSchema, "Logged; duplicates and stale attempts are counted"),
    409: problemSpec("An attempt newer than the deployment's current one"),
    ...commonProblems,
  },
});
export type PostEventsRoute = typeof postEvents;
