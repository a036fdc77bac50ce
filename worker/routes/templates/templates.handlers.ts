import { ApiError } from "../../errors/api-error.ts";
import type { AppRouteHandler } from "../../lib/types.ts";
import { renderDockerfile } from "../../templates/render-template.ts";
import {
  currentTemplate,
  listTemplates as listAll,
  deleteTemplate as removeOverride,
  putTemplate as storeVersion,
} from "../../templates/template-store.ts";
import type {
  DeleteTemplateRoute,
  GetTemplateRoute,
  ListTemplatesRoute,
  PreviewTemplateRoute,
  PutTemplateRoute,
} from "./templates.routes.ts";

export const listTemplates: AppRouteHandler<ListTemplatesRoute> = async (c) =>
  c.json({ data: await listAll(c.get("db")) }, 200);

export const getTemplate: AppRouteHandler<GetTemplateRoute> = async (c) =>
  c.json(await currentTemplate(c.get("db"), c.req.valid("param").name), 200);

export const putTemplate: AppRouteHandler<PutTemplateRoute> = async (c) => {
  const { name } = c.req.valid("param");
  const { content } = c.req.valid("json");
  return c.json(await storeVersion(c.get("db"), name, content, c.get("requestId")), 200);
};

export const deleteTemplate: AppRouteHandler<DeleteTemplateRoute> = async (c) => {
  await removeOverride(c.get("db"), c.req.valid("param").name, c.get("requestId"));
  return c.body(null, 204);
};

export const previewTemplate: AppRouteHandler<PreviewTemplateRoute> = async (c) => {
  const { name } = c.req.valid("param");
  const template = await currentTemplate(c.get("db"), name);
  let rendered: ReturnType<typeof renderDockerfile>;
  try {
    rendered = renderDockerfile(name, template.content, c.req.valid("json").detection);
  } catch (error) {
    throw new ApiError("validation_failed", "the template does not render for this detection", [
      { path: "detection", message: (error as Error).message },
    ]);
  }
  return c.json(
    {
      name,
      version: template.version,
      contentHash: template.contentHash,
      variables: rendered.variables,
      dockerfile: rendered.dockerfile,
    },
    200,
  );
};
