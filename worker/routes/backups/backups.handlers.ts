import { backupView } from "../../backups/backup-view.ts";
import { createBackup } from "../../backups/create-backup.ts";
import { deleteBackup } from "../../backups/delete-backup.ts";
import { findOwnedBackup } from "../../backups/find-backup.ts";
import { listBackups } from "../../backups/list-backups.ts";
import { restoreBackup } from "../../backups/restore-backup.ts";
import { providerScope } from "../../lib/request-scope.ts";
import type { AppRouteHandler } from "../../lib/types.ts";
import type {
  CreateRoute,
  GetOneRoute,
  ListRoute,
  RemoveRoute,
  RestoreRoute,
} from "./backups.routes.ts";

export const create: AppRouteHandler<CreateRoute> = async (c) =>
  c.json(await createBackup(providerScope(c), c.req.valid("param").id), 202);

export const list: AppRouteHandler<ListRoute> = async (c) => {
  const { organizationId } = c.get("principal");
  const page = await listBackups(
    c.get("db"),
    organizationId,
    c.req.valid("param").id,
    c.req.valid("query"),
  );
  return c.json(page, 200);
};

export const getOne: AppRouteHandler<GetOneRoute> = async (c) => {
  const { id, backupId } = c.req.valid("param");
  const { backup } = await findOwnedBackup(
    c.get("db"),
    c.get("principal").organizationId,
    id,
    backupId,
  );
  return c.json(backupView(backup), 200);
};

export const restore: AppRouteHandler<RestoreRoute> = async (c) => {
  const { id, backupId } = c.req.valid("param");
  const body = c.req.valid("json") ?? {};
  return c.json(await restoreBackup(providerScope(c), id, backupId, body), 202);
};

export const remove: AppRouteHandler<RemoveRoute> = async (c) => {
  const { id, backupId } = c.req.valid("param");
  await deleteBackup(providerScope(c), id, backupId);
  return c.body(null, 204);
};
