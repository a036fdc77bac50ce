import { ApiError, ConnectionError, EventStreamError } from "../api/index.ts";
import { EXIT_FAILURE, EXIT_INTERRUPTED, EXIT_USAGE, Interrupted, UsageError } from "../args.ts";
import type { Output } from "../output.ts";

/**
 * Shows an error the way a person can act on it (the problem, each invalid field by path,
 * the request id to quote to support) and returns the exit code it maps to.
 */
export const reportError = (out: Output, error: unknown): number => {
  const s = out.err;
  if (error instanceof UsageError) {
    out.error(`${s.red("error:")} ${error.message}`);
    if (error.usage) out.error(`\n${error.usage}`);
    return EXIT_USAGE;
  }
  if (error instanceof Interrupted) {
    out.error(s.yellow(error.message));
    return EXIT_INTERRUPTED;
  }
  if (error instanceof ApiError) {
    const detail = error.detail && error.detail !== error.title ? `: ${error.detail}` : "";
    out.error(
      `${s.red("error:")} ${error.title}${detail} ${s.dim(`(${error.status} ${error.code})`)}`,
    );
    for (const field of error.fieldErrors) {
      out.error(`  ${s.bold(field.path || "(request)")}: ${field.message}`);
    }
    if (error.status === 401) {
      out.error(
        "  check the API key (`enclave login`), or for `enclave admin` ENCLAVE_OPERATOR_TOKEN",
      );
    }
    if (error.requestId) out.error(s.dim(`  request id: ${error.requestId}`));
    return EXIT_FAILURE;
  }
  if (error instanceof ConnectionError || error instanceof EventStreamError) {
    out.error(`${s.red("error:")} ${error.message}`);
    return EXIT_FAILURE;
  }
  const message = error instanceof Error ? error.message : String(error);
  out.error(`${s.red("error:")} ${message}`);
  return EXIT_FAILURE;
};

/** The same information for scripts, on stdout, when `--json` was asked for. */
export const errorJson = (error: unknown): Record<string, unknown> => {
  if (error instanceof ApiError) {
    return {
      error: {
        status: error.status,
        code: error.code,
        title: error.title,
        detail: error.detail,
        fieldErrors: error.fieldErrors,
        requestId: error.requestId,
      },
    };
  }
  const code = error instanceof UsageError ? "usage" : "failure";
  return { error: { code, detail: error instanceof Error ? error.message : String(error) } };
};
