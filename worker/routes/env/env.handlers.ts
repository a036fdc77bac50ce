import { changeEnv } from "../../env/change-env.ts";
import { readEnv } from "../../env/read-env.ts";
import { providerScope } from "../../lib/request-scope.ts";
import type { AppRouteHandler } from "../../lib/types.ts";
import type * as routes from "./env.routes.ts";

export const getTenantEnv: AppRouteHandler<routes.GetTenantEnvRoute> = async (c) => {
  const { id } = c.req.valid("param");
  const { reveal } = c.req.valid("query");
  c.header("cache-control", "no-store");
  return c.json(await readEnv(providerScope(c), id, undefined, reveal), 200);
};

export const getServiceEnv: AppRouteHandler<routes.GetServiceEnvRoute> = async (c) => {
  const { id, name } = c.req.valid("param");
  const { reveal } = c.req.valid("query");
  c.header("cache-control", "no-store");
  return c.json(await readEnv(providerScope(c), id, name, reveal), 200);
};

export const replaceTenantEnv: AppRouteHandler<routes.ReplaceTenantEnvRoute> = async (c) => {
  const { id } = c.req.valid("param");
  const change = { kind: "replace", env: c.req.valid("json") } as const;
  return c.json(await changeEnv(providerScope(c), id, undefined, change), 202);
};

export const patchTenantEnv: AppRouteHandler<routes.PatchTenantEnvRoute> = async (c) => {
  const { id } = c.req.valid("param");
  const change = { kind: "patch", patch: c.req.valid("json") } as const;
  return c.json(await changeEnv(providerScope(c), id, undefined, change), 202);
};

export const replaceServiceEnv: AppRouteHandler<routes.ReplaceServiceEnvRoute> = async (c) => {
  const { id, name } = c.req.valid("param");
  const change = { kind: "replace", env: c.req.valid("json") } as const;
  return c.json(await changeEnv(providerScope(c), id, name, change), 202);
};

export const patchServiceEnv: AppRouteHandler<routes.PatchServiceEnvRoute> = async (c) => {
  const { id, name } = c.req.valid("param");
  const change = { kind: "patch", patch: c.req.valid("json") } as const;
  return c.json(await changeEnv(providerScope(c), id, name, change), 202);
};

export const unsetTenantEnv: AppRouteHandler<routes.UnsetTenantEnvRoute> = async (c) => {
  const { id, key } = c.req.valid("param");
  return c.json(
    await changeEnv(providerScope(c), id, undefined, { kind: "unset", name: key }),
    202,
  );
};

export const unsetServiceEnv: AppRouteHandler<routes.UnsetServiceEnvRoute> = async (c) => {
  const { id, name, key } = c.req.valid("param");
  return c.json(await changeEnv(providerScope(c), id, name, { kind: "unset", name: key }), 202);
};
