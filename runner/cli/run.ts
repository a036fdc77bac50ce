import { EXIT_OK, UsageError } from "./args.ts";
import { admin } from "./commands/admin.ts";
import { audit } from "./commands/audit.ts";
import { backups } from "./commands/backups.ts";
import { credentials } from "./commands/credentials.ts";
import { database } from "./commands/database.ts";
import { deployments } from "./commands/deployments.ts";
import { detect } from "./commands/detect.ts";
import { domains } from "./commands/domains.ts";
import { env } from "./commands/env.ts";
import { keys } from "./commands/keys.ts";
import { login } from "./commands/login.ts";
import { logs } from "./commands/logs.ts";
import { members } from "./commands/members.ts";
import { networkRules } from "./commands/network-rules.ts";
import { org } from "./commands/org.ts";
import { plans } from "./commands/plans.ts";
import { cancel, rollback } from "./commands/rollback.ts";
import { services } from "./commands/services.ts";
import { resume, suspend } from "./commands/suspension.ts";
import { tenants } from "./commands/tenants.ts";
import { usage } from "./commands/usage.ts";
import { webhooks } from "./commands/webhooks.ts";
import { type Command, createContext, VERSION } from "./context.ts";
import { type Io, Output } from "./output.ts";
import { errorJson, reportError } from "./render/error.ts";

const USAGE = `Usage: enclave <command> [options]

Commands:
  login         store the API URL and key
  tenants       create, list, get, update, redeploy and delete tenants
  services      change a tenant's service and redeploy
  env           list, set and unset a tenant's or a service's environment variables
  domains       add, verify, list and remove a tenant's custom domains
  network-rules add, list and remove a tenant's egress rules
  credentials   list, add and remove a tenant's git tokens and registry logins
  database      show a tenant's database, add one, rotate its password
  backups       back up a tenant's database, list, restore and delete backups
  deployments   get, list and watch deployments
  rollback      deploy an earlier ready deployment again, without a build
  cancel        stop a queued or running deployment
  suspend       scale a tenant to zero behind a "suspended" page
  resume        bring a suspended tenant back as it was
  logs          a service's runtime logs (-f to follow) or a deployment's build log
  keys          create, list and revoke API keys
  webhooks      create, list, test and delete webhooks; show their deliveries
  plans         list the plans tenants can be on
  detect        show what Enclave detects in a repository
  usage         usage per day, for billing (--csv)
  audit         the organization's audit log, filtered
  org           show and update the organization
  members       list, add, update and remove the organization's members
  admin         operator commands: preview Dockerfile templates against a repository

Every command takes --json for machine-readable output and -h for help.
Exit codes: 0 success, 1 API or operation failure, 2 usage error.`;

const COMMANDS: Record<string, Command> = {
  login,
  tenants,
  services,
  env,
  domains,
  "network-rules": networkRules,
  credentials,
  database,
  backups,
  deployments,
  rollback,
  cancel,
  suspend,
  resume,
  logs,
  keys,
  webhooks,
  plans,
  detect,
  usage,
  audit,
  org,
  members,
  admin,
};

/** The whole CLI as a function of its arguments and surroundings; resolves to the exit code. */
export const run = async (argv: string[], io: Io): Promise<number> => {
  const end = argv.indexOf("--");
  const json = (end === -1 ? argv : argv.slice(0, end)).includes("--json");
  const out = new Output(io, json);
  const [name, ...args] = argv;
  try {
    if (name === undefined) throw new UsageError("missing a command", USAGE);
    if (name === "-h" || name === "--help" || name === "help") {
      io.stdout.write(`${USAGE}\n`);
      return EXIT_OK;
    }
    if (name === "-v" || name === "--version") {
      io.stdout.write(`${VERSION}\n`);
      return EXIT_OK;
    }
    const command = COMMANDS[name];
    if (!command) throw new UsageError(`unknown command: ${name}`, USAGE);
    return await command(args, createContext(io, out));
  } catch (error) {
    if (json) out.data(errorJson(error));
    return reportError(out, error);
  }
};
