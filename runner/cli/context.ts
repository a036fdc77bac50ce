import pkg from "../../package.json" with { type: "json" };
import { createEnclaveClient, type EnclaveClient } from "./api/index.ts";
import { EXIT_OK, UsageError } from "./args.ts";
import { resolveCredentials } from "./config.ts";
import type { Io, Output } from "./output.ts";

export type Context = {
  io: Io;
  out: Output;
  /** Credentials are resolved only by commands that call the API. */
  client(): Promise<EnclaveClient>;
};

export type Command = (args: string[], ctx: Context) => Promise<number>;

export const VERSION: string = pkg.version;

export const createContext = (io: Io, out: Output): Context => ({
  io,
  out,
  async client() {
    const { apiUrl, apiKey } = await resolveCredentials(io.env);
    return createEnclaveClient({ baseUrl: apiUrl, apiKey, userAgent: `enclave-cli/${VERSION}` });
  },
});

/** Routes `<group> <subcommand> ...` to the subcommand, with the group's help on `-h`. */
export const group =
  (name: string, usage: string, subcommands: Record<string, Command>): Command =>
  async (args, ctx) => {
    const [sub, ...rest] = args;
    if (sub === "-h" || sub === "--help" || sub === "help") {
      ctx.io.stdout.write(`${usage}\n`);
      return EXIT_OK;
    }
    if (!sub) throw new UsageError(`missing a subcommand of ${name}`, usage);
    const command = subcommands[sub];
    if (!command) throw new UsageError(`unknown command: ${name} ${sub}`, usage);
    return command(rest, ctx);
  };

/** `-h` output goes to stdout: asked for, it is the result. */
export const help = (ctx: Context, usage: string): number => {
  ctx.io.stdout.write(`${usage}\n`);
  return EXIT_OK;
};
