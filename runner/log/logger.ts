import { type DestinationStream, type Logger, pino } from "pino";

export type { Logger };

/**
 * Fields that hold secrets wherever a caller puts them, at the top of a line or one object
 * down: pino blanks them before the line is written. Callers log ids and outcomes; this is the
 * net under that rule, not a licence to log specs or headers.
 */
export const REDACTED_FIELDS = [
  "authorization",
  "token",
  "password",
  "secret",
  "credentials",
  "env",
  "spec",
];

/** An error as log fields: its message and its cause's, never a stack or a payload. */
export function describeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { error: String(error) };
  const cause = error.cause instanceof Error ? error.cause.message : undefined;
  return { error: error.message, ...(cause ? { cause } : {}) };
}

/** The runner's structured log: one JSON line per entry, to stdout unless told otherwise. */
export function runnerLogger(destination?: DestinationStream): Logger {
  const options = {
    base: { component: "runner" },
    messageKey: "message",
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label: string) => ({ level: label }) },
    redact: {
      paths: REDACTED_FIELDS.flatMap((field) => [field, `*.${field}`]),
      censor: "[redacted]",
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

export const silentLogger: Logger = pino({ level: "silent" });
