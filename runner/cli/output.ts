import type { Readable, Writable } from "node:stream";

/** The process surroundings a command runs in; tests substitute them. */
export type Io = {
  stdin: Readable & { isTTY?: boolean };
  stdout: Writable & { isTTY?: boolean; columns?: number };
  stderr: Writable & { isTTY?: boolean; columns?: number };
  env: NodeJS.ProcessEnv;
};

export type Style = {
  enabled: boolean;
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  cyan(text: string): string;
};

const sgr = (open: number, close: number) => (text: string) => `\x1b[${open}m${text}\x1b[${close}m`;
const plain = (text: string) => text;

/** Colors only for a terminal, and never when NO_COLOR is set (https://no-color.org). */
export const styleFor = (stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): Style => {
  const enabled = Boolean(stream.isTTY) && !env.NO_COLOR && env.TERM !== "dumb";
  if (!enabled) {
    return {
      enabled,
      bold: plain,
      dim: plain,
      red: plain,
      green: plain,
      yellow: plain,
      cyan: plain,
    };
  }
  return {
    enabled,
    bold: sgr(1, 22),
    dim: sgr(2, 22),
    red: sgr(31, 39),
    green: sgr(32, 39),
    yellow: sgr(33, 39),
    cyan: sgr(36, 39),
  };
};

/**
 * Where each kind of output goes: results on stdout (only JSON with `--json`, so scripts can
 * parse it), progress and diagnostics on stderr.
 */
export class Output {
  readonly io: Io;
  readonly json: boolean;
  readonly out: Style;
  readonly err: Style;

  constructor(io: Io, json: boolean) {
    this.io = io;
    this.json = json;
    this.out = styleFor(io.stdout, io.env);
    this.err = styleFor(io.stderr, io.env);
  }

  /** A human-readable result line; suppressed under `--json`. */
  line(text = ""): void {
    if (!this.json) this.io.stdout.write(`${text}\n`);
  }

  /** A machine-readable result: one JSON document per line. */
  data(value: unknown): void {
    this.io.stdout.write(`${JSON.stringify(value)}\n`);
  }

  /** Progress and hints for a person; stderr keeps stdout clean for pipes. */
  note(text: string): void {
    if (!this.json) this.io.stderr.write(`${text}\n`);
  }

  error(text: string): void {
    this.io.stderr.write(`${text}\n`);
  }
}
