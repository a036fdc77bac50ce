import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { EXIT_FAILURE } from "../args.ts";
import type { Command } from "../context.ts";

const IMPLEMENTATION = new URL("../detect.ts", import.meta.url);

type DetectModule = {
  runDetectCommand(
    argv: string[],
    io?: { out(text: string): void; err(text: string): void },
  ): Promise<number>;
};

/**
 * `enclave detect` lives in its own module, loaded only when used: it pulls in the detection
 * engine, which no other command needs.
 */
export const detect: Command = async (args, ctx) => {
  if (!existsSync(fileURLToPath(IMPLEMENTATION))) {
    ctx.out.error(
      "error: `enclave detect` is not available in this build (runner/cli/detect.ts is missing).",
    );
    return EXIT_FAILURE;
  }
  const module = (await import(IMPLEMENTATION.href)) as DetectModule;
  return module.runDetectCommand(args, {
    out: (text) => ctx.io.stdout.write(text),
    err: (text) => ctx.io.stderr.write(text),
  });
};
