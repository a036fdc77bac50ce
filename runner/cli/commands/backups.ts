import { randomUUID } from "node:crypto";
import type { Backup, BackupOperation } from "../api/index.ts";
import { EXIT_OK, integerFlag, parse, UsageError } from "../args.ts";
import { type Command, group, help } from "../context.ts";
import { details, table } from "../render/table.ts";
import { reportDeployment } from "./deployment-change.ts";

const LIST_USAGE = "Usage: enclave backups list <tenant> [--limit <n>] [--cursor <c>] [--json]";
const SHOW_USAGE = "Usage: enclave backups show <tenant> <backup-id> [--json]";
const CREATE_USAGE = `Usage: enclave backups create <tenant> [--wait] [--json]

Backs up the tenant's database now: a Job in its namespace dumps it with the engine's own tool,
encrypts the dump with a key of the tenant's and uploads it. --wait follows it to the end.`;
const RESTORE_USAGE = `Usage: enclave backups restore <tenant> <backup-id> [--into <database>] [--wait] [--json]

Without --into, replaces the tenant's database with the backup: its services are scaled to zero
meanwhile and back afterwards. With --into, loads the backup into a new database of that name
beside the tenant's own, and nothing else changes.`;
const DELETE_USAGE = "Usage: enclave backups delete <tenant> <backup-id>";

export const BACKUPS_USAGE = `Usage: enclave backups <command>

Commands:
  list      a tenant's database backups, newest first: status, size, when
  show      one backup
  create    back up the tenant's database now
  restore   restore a backup into the tenant's database or a new one
  delete    delete a backup and its stored object`;

/** The tenant and, where the command takes one, the backup id; nothing else. */
const targets = (positionals: string[], withBackup: boolean, usage: string) => {
  const [tenant, backupId, ...rest] = positionals;
  if (!tenant) throw new UsageError("give the tenant (its id or slug)", usage);
  if (withBackup && !backupId) throw new UsageError("give the backup id", usage);
  const extra = withBackup ? rest : positionals.slice(1);
  if (extra.length > 0) throw new UsageError(`unexpected argument: ${extra.join(" ")}`, usage);
  return { tenant, backupId: backupId ?? "" };
};

const size = (bytes: number | null) => {
  if (bytes === null) return "-";
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`;
};

const list: Command = async (args, ctx) => {
  const { values, positionals } = parse(
    args,
    { limit: { type: "string" }, cursor: { type: "string" } },
    LIST_USAGE,
  );
  if (values.help) return help(ctx, LIST_USAGE);
  const { tenant } = targets(positionals, false, LIST_USAGE);
  const limit = integerFlag(values.limit, "limit", LIST_USAGE, { min: 1, max: 100 });
  const page = await (await ctx.client()).backups.list(tenant, {
    ...(limit === undefined ? {} : { limit }),
    ...(values.cursor ? { cursor: values.cursor } : {}),
  });
  if (ctx.out.json) {
    ctx.out.data(page);
    return EXIT_OK;
  }
  if (page.data.length === 0) ctx.out.note(`No backups yet: enclave backups create ${tenant}`);
  else {
    const rows = page.data.map((backup) => [
      backup.id,
      backup.status,
      backup.origin,
      size(backup.sizeBytes),
      backup.completedAt ?? backup.createdAt,
    ]);
    ctx.out.line(table(["ID", "STATUS", "ORIGIN", "SIZE", "TIME"], rows, ctx.out.out));
  }
  if (page.nextCursor) {
    ctx.out.note(`More: enclave backups list ${tenant} --cursor ${page.nextCursor}`);
  }
  return EXIT_OK;
};

const describeBackup = (backup: Backup): [string, unknown][] => [
  ["ID", backup.id],
  ["Status", backup.status],
  ["Origin", backup.origin],
  ["Engine", backup.engine],
  ["Size", size(backup.sizeBytes)],
  ["Created", backup.createdAt],
  ["Completed", backup.completedAt ?? "-"],
  ["Deployment", backup.deploymentId],
];

const show: Command = async (args, ctx) => {
  const { values, positionals } = parse(args, {}, SHOW_USAGE);
  if (values.help) return help(ctx, SHOW_USAGE);
  const { tenant, backupId } = targets(positionals, true, SHOW_USAGE);
  const backup = await (await ctx.client()).backups.get(tenant, backupId);
  if (ctx.out.json) ctx.out.data(backup);
  else ctx.out.line(details(describeBackup(backup), ctx.out.out));
  return EXIT_OK;
};

const reportBackup = (
  ctx: Parameters<Command>[1],
  operation: BackupOperation,
  verb: string,
  wait: boolean | undefined,
) => {
  if (ctx.out.json && !wait) ctx.out.data(operation);
  if (!ctx.out.json) ctx.out.line(`${verb} ${operation.backup.id}.`);
  return reportDeployment(ctx, operation.deployment, wait);
};

const create: Command = async (args, ctx) => {
  const { values, positionals } = parse(args, { wait: { type: "boolean" } }, CREATE_USAGE);
  if (values.help) return help(ctx, CREATE_USAGE);
  const { tenant } = targets(positionals, false, CREATE_USAGE);
  const operation = await (await ctx.client()).backups.create(tenant, {
    idempotencyKey: randomUUID(),
  });
  return reportBackup(ctx, operation, "Backing up into", values.wait);
};

const restore: Command = async (args, ctx) => {
  const { values, positionals } = parse(
    args,
    { into: { type: "string" }, wait: { type: "boolean" } },
    RESTORE_USAGE,
  );
  if (values.help) return help(ctx, RESTORE_USAGE);
  const { tenant, backupId } = targets(positionals, true, RESTORE_USAGE);
  const operation = await (await ctx.client()).backups.restore(
    tenant,
    backupId,
    values.into ? { into: values.into } : {},
    { idempotencyKey: randomUUID() },
  );
  return reportBackup(ctx, operation, "Restoring", values.wait);
};

const remove: Command = async (args, ctx) => {
  const { values, positionals } = parse(args, {}, DELETE_USAGE);
  if (values.help) return help(ctx, DELETE_USAGE);
  const { tenant, backupId } = targets(positionals, true, DELETE_USAGE);
  await (await ctx.client()).backups.delete(tenant, backupId);
  if (!ctx.out.json) ctx.out.line(`Deleted ${backupId}.`);
  return EXIT_OK;
};

export const backups = group("backups", BACKUPS_USAGE, {
  list,
  show,
  create,
  restore,
  delete: remove,
});
