import { createRoute } from "@hono/zod-openapi";
import { requireOperator } from "../../auth/operator.ts";
import {
  ConfigValueBody,
  KeyParams,
  PlatformConfigSchema,
} from "../../contracts/api/platform-config.ts";
import { commonProblems } from "../../errors/schemas.ts";
import { jsonBody, jsonContent } from "../../lib/openapi.ts";

export const getConfig = createRoute({
  method: "get",
  path: "/v1/admin/config",
  tags: ["admin"],
  operationId: "getPlatformConfig",
  summary: "The effective platform configuration (operator only)",
  security: [{ operator: [] }],
  middleware: [requireOperator] as const,
  responses: { 200: jsonContent(PlatformConfigSchema, "The configuration"), ...commonProblems },
});
export type GetConfigRoute = typeof getConfig;

export const putConfig = createRoute({
  method: "put",
  path: "/v1/admin/config/{key}",
  tags: ["admin"],
  operationId: "setPlatformConfigKey",
  summary: "Override one top-level key of the platform configuration (operator only)",
  description:
    "The value replaces the key's default as a whole (nested defaults still fill omitted " +
    "fields). The result must be a valid configuration, or nothing is stored.",
  security: [{ operator: [] }],
  middleware: [requireOperator] as const,
  request: { params: KeyParams, body: jsonBody(ConfigValueBody) },
  responses: { 200: jsonContent(PlatformConfigSchema, "The new configuration"), ...commonProblems },
});
export type PutConfigRoute = typeof putConfig;

export const deleteConfig = createRoute({
  method: "delete",
  path: "/v1/admin/config/{key}",
  tags: ["admin"],
  operationId: "resetPlatformConfigKey",
  summary: "Return one top-level key to its default (operator only)",
  security: [{ operator: [] }],
  middleware: [requireOperator] as const,
  request: { params: KeyParams },
  responses: { 200: jsonContent(PlatformConfigSchema, "The new configuration"), ...commonProblems },
});
export type DeleteConfigRoute = typeof deleteConfig;
