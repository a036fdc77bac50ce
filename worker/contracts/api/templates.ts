import { z } from "@hono/zod-openapi";
import { DetectionResult } from "../index.ts";

const TemplateName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/)
  .openapi({ description: "The template's id, as detection names it", example: "node-server" });

export const TemplateNameParams = z.object({ name: TemplateName });

const ContentHash = z.string().openapi({
  description: "`sha256:<12 hex>` of the text, as builds record it",
  example: "sha256:0123456789ab",
});

export const TemplateSummarySchema = z
  .object({
    name: TemplateName,
    source: z.enum(["override", "builtin"]),
    version: z.union([z.number().int(), z.literal("builtin"), z.null()]).openapi({
      description: "The override's version; `builtin`; null if written as raw configuration",
    }),
    contentHash: ContentHash,
    hasBuiltin: z.boolean().openapi({ description: "What deleting the override falls back to" }),
  })
  .openapi("TemplateSummary");

export const TemplateListSchema = z
  .object({ data: z.array(TemplateSummarySchema) })
  .openapi("TemplateList");

export const TemplateSchema = TemplateSummarySchema.extend({
  content: z.string(),
  history: z.array(
    z.object({ version: z.number().int(), contentHash: ContentHash, createdAt: z.string() }),
  ),
}).openapi("Template");

export const TemplateBody = z
  .object({ content: z.string().min(1).max(65_536) })
  .openapi("TemplateBody");

export const TemplatePreviewBody = z
  .object({
    detection: DetectionResult.openapi({
      description: "A detection result, as `GET /v1/deployments/:id` shows under `result.builds`",
    }),
  })
  .openapi("TemplatePreviewBody");

export const TemplatePreviewSchema = z
  .object({
    name: TemplateName,
    version: TemplateSummarySchema.shape.version,
    contentHash: ContentHash,
    variables: z.record(z.string(), z.string()),
    dockerfile: z.string(),
  })
  .openapi("TemplatePreview");
