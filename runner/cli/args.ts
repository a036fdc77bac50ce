import { type ParseArgsConfig, parseArgs } from "node:util";

export const EXIT_OK = 0;
/** The API refused, the operation failed, or the API could not be reached. */
export const EXIT_FAILURE = 1;
/** The command line itself is wrong; nothing was sent. */
export const EXIT_USAGE = 2;

/** Ctrl-C, by the shell convention 128 + SIGINT. */
export const EXIT_INTERRUPTED = 130;

/** The reader of the output went away, by the shell convention 128 + SIGPIPE. */
export const EXIT_CLOSED_PIPE = 141;

/** The user stopped a command that waits; only the waiting stopped, not the operation. */
export class Interrupted extends Error {
  constructor(message: string) {
    super(message);
    this.name = "Interrupted";
  }
}

/** A mistake in the command line; shown with the command's usage and exit code 2. */
export class UsageError extends Error {
  readonly usage: string | undefined;

  constructor(message: string, usage?: string) {
    super(message);
    this.name = "UsageError";
    this.usage = usage;
  }
}

type Options = NonNullable<ParseArgsConfig["options"]>;

export const COMMON_OPTIONS = {
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const satisfies Options;

/** node:util parseArgs with its errors turned into usage errors that name the command. */
export const parse = <const T extends Options>(args: string[], options: T, usage: string) => {
  try {
    return parseArgs({
      args,
      options: { ...COMMON_OPTIONS, ...options },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // parseArgs suggests "--" for positionals that look like options; that is noise here.
    throw new UsageError(message.replace(/\. To specify a positional argument.*$/s, ""), usage);
  }
};

export const onePositional = (positionals: string[], what: string, usage: string): string => {
  const [value, ...rest] = positionals;
  if (!value) throw new UsageError(`missing ${what}`, usage);
  if (rest.length > 0) throw new UsageError(`unexpected argument: ${rest.join(" ")}`, usage);
  return value;
};

export const noPositionals = (positionals: string[], usage: string): void => {
  if (positionals.length > 0) {
    throw new UsageError(`unexpected argument: ${positionals.join(" ")}`, usage);
  }
};

export const integerFlag = (
  value: string | undefined,
  flag: string,
  usage: string,
  range: { min: number; max: number },
): number | undefined => {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^[0-9]+$/.test(value) || n < range.min || n > range.max) {
    throw new UsageError(`--${flag} must be an integer from ${range.min} to ${range.max}`, usage);
  }
  return n;
};
