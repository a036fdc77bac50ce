import { createRoute } from "@hono/zod-openapi";
import { requireProvider } from "../../auth/authenticate.ts";
import {
  BackupOperationSchema,
  BackupParams,
  BackupSchema,
  RestoreBody,
} from "../../contracts/api/backups.ts";
import { TenantParams } from "../../contracts/api/tenants.ts";
import { commonProblems, idempotencyProblems, problemSpec } from "../../errors/schemas.ts";
import { IdempotencyHeaders, jsonBody, jsonContent } from "../../lib/openapi.ts";
import { PageQuery, pageOf } from "../../lib/pagination.ts";
import { idempotentPerOrganization } from "../../middleware/idempotency.ts";

const BACKUPS_PATH = "/v1/tenants/{id}/database/backups";

const operationResponses = (accepted: string) => ({
  202: jsonContent(BackupOperationSchema, accepted),
  ...commonProblems,
  ...idempotencyProblems,
  409: problemSpec(
    "The tenant has no ready database, another deployment of it is in progress, or the backup is not completed",
  ),
  503: problemSpec("The job could not be queued"),
});

export const create = createRoute({
  method: "post",
  path: BACKUPS_PATH,
  tags: ["backups"],
  operationId: "createBackup",
  summary: "Back up the tenant's database now",
  description:
    "Starts a deployment (kind and trigger `backup`) whose Job in the tenant's namespace dumps " +
    "the database, encrypts it with a key derived from the tenant's data key and uploads it " +
    "through a short-lived URL the edge signed. The backup is `completed` (and `backup.completed` " +
    "is sent) once the upload is stored.",
  security: [{ provider: ["write"] }],
  middleware: [requireProvider("write"), idempotentPerOrganization] as const,
  request: { headers: IdempotencyHeaders, params: TenantParams },
  responses: operationResponses("Accepted: the backup is being made"),
});
export type CreateRoute = typeof create;

export const list = createRoute({
  method: "get",
  path: BACKUPS_PATH,
  tags: ["backups"],
  operationId: "listBackups",
  summary: "List the tenant's backups, newest first",
  security: [{ provider: ["read"] }],
  middleware: [requireProvider("read")] as const,
  request: { params: TenantParams, query: PageQuery },
  responses: { 200: jsonContent(pageOf(BackupSchema), "A page of backups"), ...commonProblems },
});
export type ListRoute = typeof list;

export const getOne = createRoute({
  method: "get",
  path: `${BACKUPS_PATH}/{backupId}`,
  tags: ["backups"],
  operationId: "getBackup",
  summary: "Get a backup",
  security: [{ provider: ["read"] }],
  middleware: [requireProvider("read")] as const,
  request: { params: BackupParams },
  responses: { 200: jsonContent(BackupSchema, "The backup"), ...commonProblems },
});
export type GetOneRoute = typeof getOne;

export const restore = createRoute({
  method: "post",
  path: `${BACKUPS_PATH}/{backupId}/restore`,
  tags: ["backups"],
  operationId: "restoreBackup",
  summary: "Restore a backup into the tenant's database or a new one",
  description:
    "Starts a deployment (kind and trigger `restore`). Without `into`, the tenant's services " +
    "are scaled to zero, the database is replaced by the backup's content, and the services " +
    "are scaled back. With `into`, the backup is loaded into a new database of that name " +
    "beside the tenant's own and nothing else changes.",
  security: [{ provider: ["write"] }],
  middleware: [requireProvider("write"), idempotentPerOrganization] as const,
  request: {
    headers: IdempotencyHeaders,
    params: BackupParams,
    body: { ...jsonBody(RestoreBody), required: false },
  },
  responses: operationResponses("Accepted: the backup is being restored"),
});
export type RestoreRoute = typeof restore;

export const remove = createRoute({
  method: "delete",
  path: `${BACKUPS_PATH}/{backupId}`,
  tags: ["backups"],
  operationId: "deleteBackup",
  summary: "Delete a backup and its stored object",
  security: [{ provider: ["write"] }],
  middleware: [requireProvider("write")] as const,
  request: { params: BackupParams },
  responses: {
    204: { description: "Deleted" },
    ...commonProblems,
    409: problemSpec("The backup is still being made"),
  },
});
export type RemoveRoute = typeof remove;
