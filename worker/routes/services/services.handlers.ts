import { providerScope } from "../../lib/request-scope.ts";
import type { AppRouteHandler } from "../../lib/types.ts";
import { addService } from "../../services/add-service.ts";
import { getService, listServices } from "../../services/list-services.ts";
import { removeService } from "../../services/remove-service.ts";
import { restartService, scaleService } from "../../services/roll-service.ts";
import { updateService } from "../../services/update-service.ts";
import type {
  CreateRoute,
  GetOneRoute,
  ListRoute,
  RemoveRoute,
  RestartRoute,
  ScaleRoute,
  UpdateRoute,
} from "./services.routes.ts";

export const list: AppRouteHandler<ListRoute> = async (c) => {
  const { id } = c.req.valid("param");
  const { organizationId } = c.get("principal");
  return c.json(await listServices(c.get("db"), organizationId, id, c.get("config")), 200);
};

export const getOne: AppRouteHandler<GetOneRoute> = async (c) => {
  const { id, name } = c.req.valid("param");
  const { organizationId } = c.get("principal");
  return c.json(await getService(c.get("db"), organizationId, id, name, c.get("config")), 200);
};

export const create: AppRouteHandler<CreateRoute> = async (c) => {
  const { id } = c.req.valid("param");
  return c.json(await addService(providerScope(c), id, c.req.valid("json")), 202);
};

export const update: AppRouteHandler<UpdateRoute> = async (c) => {
  const { id, name } = c.req.valid("param");
  return c.json(await updateService(providerScope(c), id, name, c.req.valid("json")), 202);
};

export const remove: AppRouteHandler<RemoveRoute> = async (c) => {
  const { id, name } = c.req.valid("param");
  return c.json(await removeService(providerScope(c), id, name), 202);
};

export const scale: AppRouteHandler<ScaleRoute> = async (c) => {
  const { id, name } = c.req.valid("param");
  const { replicas } = c.req.valid("json");
  return c.json(await scaleService(providerScope(c), id, name, replicas), 202);
};

export const restart: AppRouteHandler<RestartRoute> = async (c) => {
  const { id, name } = c.req.valid("param");
  return c.json(await restartService(providerScope(c), id, name), 202);
};
