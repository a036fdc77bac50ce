import type { Writable } from "node:stream";
import { EXIT_CLOSED_PIPE } from "./args.ts";

/**
 * A reader that leaves early (`enclave deployments watch --json | head -3`) ends the CLI
 * quietly, as SIGPIPE ends any Unix tool: no stack trace, and the status a shell reports for
 * a writer whose pipe closed. Node ignores SIGPIPE, so the write fails with EPIPE instead.
 */
export const endQuietlyOnClosedPipe = (streams: Writable[]): void => {
  for (const stream of streams) {
    stream.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code !== "EPIPE") throw error;
      process.exit(EXIT_CLOSED_PIPE);
    });
  }
};
