import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";

const TETHER = new URL("./tether.ts", import.meta.url).href;

const COLORS = { edge: 36, runner: 35, cluster: 33, stack: 32 } as const;
export type Component = keyof typeof COLORS;

const useColor = process.stdout.isTTY && !process.env.NO_COLOR;

/** Prefixes every line with the component name so interleaved output stays readable. */
export function label(component: Component): string {
  const tag = `[${component}]`.padEnd(9);
  return useColor ? `\x1b[${COLORS[component]}m${tag}\x1b[0m` : tag;
}

export function say(component: Component, line: string): void {
  process.stdout.write(`${label(component)} ${line}\n`);
}

export interface LabelledProcess {
  child: ChildProcess;
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

export interface LabelledOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Node.js flags before the script. */
  nodeFlags?: string[];
  /** The line to print for each line of output (rewritten), or undefined to drop it. */
  filter?: (line: string) => string | undefined;
  /** Sees every line of output as the child wrote it, before any filter. */
  onLine?: (line: string) => void;
}

/**
 * Starts a Node.js script as a child whose stdout and stderr lines are printed with its label.
 * The child is tethered (see tether.ts): it ends with this process, however this one ends.
 */
export function startLabelled(
  component: Component,
  script: string,
  args: string[],
  options: LabelledOptions = {},
): LabelledProcess {
  const child = spawn(
    process.execPath,
    [...(options.nodeFlags ?? []), "--import", TETHER, script, ...args],
    {
      cwd: options.cwd,
      env: { ...(options.env ?? process.env), ENCLAVE_TETHERED: "1" },
      // This process holds the only other end of the child's stdin: the tether.
      stdio: ["pipe", "pipe", "pipe"],
      // Own process group, so stopping it also stops what it spawned (workerd under wrangler).
      detached: true,
    },
  );
  for (const stream of [child.stdout, child.stderr]) {
    if (!stream) continue;
    createInterface({ input: stream }).on("line", (line) => {
      options.onLine?.(line);
      const shown = options.filter ? options.filter(line) : line;
      if (shown !== undefined) say(component, shown);
    });
  }
  const exited = new Promise<number | null>((resolve) => {
    child.once("exit", (code) => resolve(code));
    child.once("error", (err) => {
      say(component, `failed to start: ${err.message}`);
      resolve(null);
    });
  });
  const signalGroup = (signal: NodeJS.Signals) => {
    if (child.pid === undefined || child.exitCode !== null) return;
    try {
      process.kill(-child.pid, signal);
    } catch {
      // The group is already gone.
    }
  };
  return {
    child,
    exited,
    async stop() {
      signalGroup("SIGTERM");
      const timer = setTimeout(() => signalGroup("SIGKILL"), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
