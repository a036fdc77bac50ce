import { createRoute } from "@hono/zod-openapi";
import { requireOperator } from "../../auth/operator.ts";
import {
  TemplateBody,
  TemplateListSchema,
  TemplateNameParams,
  TemplatePreviewBody,
  TemplatePreviewSchema,
  TemplateSchema,
} from "../../contracts/api/templates.ts";
import { commonProblems } from "../../errors/schemas.ts";
import { jsonBody, jsonContent } from "../../lib/openapi.ts";

export const listTemplates = createRoute({
  tags: ["admin"],
  security: [{ operator: [] }],
  middleware: [requireOperator] as const,
  method: "get",
  path: "/v1/admin/templates",
  operationId: "adminListTemplates",
  summary: "Dockerfile templates: built-ins and the operator's overrides (operator only)",
  responses: { 200: jsonContent(TemplateListSchema, "Every template"), ...commonProblems },
});
export type ListTemplatesRoute = typeof listTemplates;

export const getTemplate = createRoute({
  tags: ["admin"],
  security: [{ operator: [] }],
  middleware: [requireOperator] as const,
  method: "get",
  path: "/v1/admin/templates/{name}",
  operationId: "adminGetTemplate",
  summary: "A template's current version, its text and its history (operator only)",
  request: { params: TemplateNameParams },
  responses: { 200: jsonContent(TemplateSchema, "The template"), ...commonProblems },
});
export type GetTemplateRoute = typeof getTemplate;

export const putTemplate = createRoute({
  tags: ["admin"],
  security: [{ operator: [] }],
  middleware: [requireOperator] as const,
  method: "put",
  path: "/v1/admin/templates/{name}",
  operationId: "adminPutTemplate",
  summary: "Store a new version of a template (operator only)",
  description:
    "The text must render with sample variables into a Dockerfile whose final stage runs as a " +
    "user other than root. Builds generated from then on use it; text equal to the current " +
    "version makes no new version.",
  request: { params: TemplateNameParams, body: jsonBody(TemplateBody) },
  responses: { 200: jsonContent(TemplateSchema, "The template now"), ...commonProblems },
});
export type PutTemplateRoute = typeof putTemplate;

export const deleteTemplate = createRoute({
  tags: ["admin"],
  security: [{ operator: [] }],
  middleware: [requireOperator] as const,
  method: "delete",
  path: "/v1/admin/templates/{name}",
  operationId: "adminDeleteTemplate",
  summary:
    "Remove the operator's override: the built-in of that name applies again (operator only)",
  request: { params: TemplateNameParams },
  responses: { 204: { description: "Removed" }, ...commonProblems },
});
export type DeleteTemplateRoute = typeof deleteTemplate;

export const previewTemplate = createRoute({
  tags: ["admin"],
  security: [{ operator: [] }],
  middleware: [requireOperator] as const,
  method: "post",
  path: "/v1/admin/templates/{name}/preview",
  operationId: "adminPreviewTemplate",
  summary: "The Dockerfile the current version generates for a detection result (operator only)",
  request: { params: TemplateNameParams, body: jsonBody(TemplatePreviewBody) },
  responses: {
    200: jsonContent(TemplatePreviewSchema, "The rendered Dockerfile"),
    ...commonProblems,
  },
});
export type PreviewTemplateRoute = typeof previewTemplate;
