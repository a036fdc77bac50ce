import { addDatabase } from "../../database/add-database.ts";
import { readDatabase } from "../../database/read-database.ts";
import { rotateDatabasePassword } from "../../database/rotate-password.ts";
import { providerScope } from "../../lib/request-scope.ts";
import type { AppRouteHandler } from "../../lib/types.ts";
import type * as routes from "./database.routes.ts";

export const get: AppRouteHandler<routes.GetRoute> = async (c) => {
  const { id } = c.req.valid("param");
  const { reveal } = c.req.valid("query");
  c.header("cache-control", "no-store");
  return c.json(await readDatabase(providerScope(c), id, reveal), 200);
};

export const add: AppRouteHandler<routes.AddRoute> = async (c) => {
  const { id } = c.req.valid("param");
  return c.json(await addDatabase(providerScope(c), id, c.req.valid("json")), 202);
};

export const rotatePassword: AppRouteHandler<routes.RotatePasswordRoute> = async (c) => {
  const { id } = c.req.valid("param");
  return c.json(await rotateDatabasePassword(providerScope(c), id), 202);
};
