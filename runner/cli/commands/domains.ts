import type { Domain } from "../api/index.ts";
import { EXIT_FAILURE, EXIT_OK, parse, UsageError } from "../args.ts";
import { type Command, group, help } from "../context.ts";
import type { Style } from "../output.ts";
import { table } from "../render/table.ts";
import { reportDeployment } from "./deployment-change.ts";

const LIST_USAGE = "Usage: enclave domains list <tenant> [--json]";
const ADD_USAGE = `Usage: enclave domains add <tenant> <domain> [--json]

Claims the hostname for the tenant and prints the DNS records to create: the TXT challenge,
and the CNAME to the tenant's platform host (or the A record, where the platform offers one).
The domain is routed only once "enclave domains verify" finds them.`;
const VERIFY_USAGE = `Usage: enclave domains verify <tenant> <domain> [--wait] [--json]

Checks the domain's DNS records; once they prove ownership the domain is routed with its own
certificate by a deployment (--wait follows it). Exits 1 when the records are not there yet.`;
const REMOVE_USAGE = `Usage: enclave domains remove <tenant> <domain> [--wait] [--json]

Releases the hostname; a routed one is taken down by a deployment (--wait follows it).`;

export const DOMAINS_USAGE = `Usage: enclave domains <command>

Commands:
  list     a tenant's custom domains and their status
  add      claim a custom domain and show the DNS records to create
  verify   check a domain's DNS records and route it
  remove   release a custom domain`;

const tenantAndDomain = (positionals: string[], usage: string): [string, string] => {
  const [tenant, domain, ...rest] = positionals;
  if (!tenant) throw new UsageError("give the tenant (its id or slug)", usage);
  if (!domain) throw new UsageError("give the domain", usage);
  if (rest.length > 0) throw new UsageError(`unexpected argument: ${rest.join(" ")}`, usage);
  return [tenant, domain];
};

const recordsTable = (domain: Domain, out: Style) =>
  table(
    ["TYPE", "NAME", "VALUE", "FOR"],
    domain.records.map((r) => [r.type, r.name, r.value, r.purpose]),
    out,
  );

const list: Command = async (args, ctx) => {
  const { values, positionals } = parse(args, {}, LIST_USAGE);
  if (values.help) return help(ctx, LIST_USAGE);
  const [tenant, ...rest] = positionals;
  if (!tenant) throw new UsageError("give the tenant (its id or slug)", LIST_USAGE);
  if (rest.length > 0) throw new UsageError(`unexpected argument: ${rest.join(" ")}`, LIST_USAGE);
  const listed = await (await ctx.client()).domains.list(tenant);
  if (ctx.out.json) {
    ctx.out.data(listed);
    return EXIT_OK;
  }
  if (listed.data.length === 0) ctx.out.note("No custom domains.");
  else {
    const rows = listed.data.map((d) => [d.domain, d.status, d.statusReason ?? ""]);
    ctx.out.line(table(["DOMAIN", "STATUS", "REASON"], rows, ctx.out.out));
  }
  return EXIT_OK;
};

const add: Command = async (args, ctx) => {
  const { values, positionals } = parse(args, {}, ADD_USAGE);
  if (values.help) return help(ctx, ADD_USAGE);
  const [tenant, name] = tenantAndDomain(positionals, ADD_USAGE);
  const domain = await (await ctx.client()).domains.add(tenant, name);
  if (ctx.out.json) {
    ctx.out.data(domain);
    return EXIT_OK;
  }
  ctx.out.note(
    `Claimed ${domain.domain}. Create these DNS records, then run: enclave domains verify ${tenant} ${domain.domain}`,
  );
  ctx.out.line(recordsTable(domain, ctx.out.out));
  return EXIT_OK;
};

const verify: Command = async (args, ctx) => {
  const { values, positionals } = parse(args, { wait: { type: "boolean" } }, VERIFY_USAGE);
  if (values.help) return help(ctx, VERIFY_USAGE);
  const [tenant, name] = tenantAndDomain(positionals, VERIFY_USAGE);
  const change = await (await ctx.client()).domains.verify(tenant, name);
  const verified = change.domain.verifiedAt !== null;
  if (ctx.out.json && !values.wait) ctx.out.data(change);
  if (!ctx.out.json) {
    ctx.out.line(
      verified
        ? `${change.domain.domain} is ${change.domain.status}.`
        : `${change.domain.domain} is not verified: ${change.domain.statusReason ?? "its DNS records are missing"}.`,
    );
  }
  if (!verified) return EXIT_FAILURE;
  return reportDeployment(ctx, change.deployment, values.wait);
};

const remove: Command = async (args, ctx) => {
  const { values, positionals } = parse(args, { wait: { type: "boolean" } }, REMOVE_USAGE);
  if (values.help) return help(ctx, REMOVE_USAGE);
  const [tenant, name] = tenantAndDomain(positionals, REMOVE_USAGE);
  const change = await (await ctx.client()).domains.remove(tenant, name);
  if (ctx.out.json && !values.wait) ctx.out.data(change);
  if (!ctx.out.json) ctx.out.line(`Removed ${change.domain.domain}.`);
  return reportDeployment(ctx, change.deployment, values.wait);
};

export const domains = group("domains", DOMAINS_USAGE, { list, add, verify, remove });
