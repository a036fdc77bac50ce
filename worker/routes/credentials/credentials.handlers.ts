import { createCredential } from "../../credentials/create-credential.ts";
import { deleteCredential } from "../../credentials/delete-credential.ts";
import { listCredentials } from "../../credentials/list-credentials.ts";
import { providerScope } from "../../lib/request-scope.ts";
import type { AppRouteHandler } from "../../lib/types.ts";
import type * as routes from "./credentials.routes.ts";

export const list: AppRouteHandler<routes.ListRoute> = async (c) => {
  const { id } = c.req.valid("param");
  return c.json(await listCredentials(providerScope(c), id), 200);
};

export const create: AppRouteHandler<routes.CreateRoute> = async (c) => {
  const { id } = c.req.valid("param");
  return c.json(await createCredential(providerScope(c), id, c.req.valid("json")), 201);
};

export const remove: AppRouteHandler<routes.RemoveRoute> = async (c) => {
  const { id, credentialId } = c.req.valid("param");
  return c.json(await deleteCredential(providerScope(c), id, credentialId), 200);
};
