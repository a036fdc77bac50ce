import { z } from "zod";

/**
 * A service's release command: run once per deployment, on the new image with the service's
 * env, before its pods are replaced (database migrations, cache warm-ups). A string runs
 * through `sh -c`; an array is the container's command as it is, for images without a shell.
 */
export const ReleaseCommand = z.union([
  z.string().trim().min(1).max(4096),
  z.array(z.string().min(1).max(4096)).min(1).max(64),
]);
export type ReleaseCommand = z.infer<typeof ReleaseCommand>;

/** The argv the release Job's container runs. */
export const releaseArgv = (command: ReleaseCommand): string[] =>
  typeof command === "string" ? ["sh", "-c", command] : command;
