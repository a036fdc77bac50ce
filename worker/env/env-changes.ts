import type { PatchEnvBody } from "../contracts/api/env.ts";
import { EnvVars } from "../contracts/api/tenants.ts";
import { assertNoErrors } from "../tenants/tenant-rules.ts";

export type EnvMap = Record<string, string>;

/**
 * A set's names and values together, in UTF-8 bytes. Kubernetes refuses a Secret over 1 MiB and
 * a service's Secret holds its own set and the shared one, so each stays well under half.
 */
export const MAX_ENV_BYTES = 256 * 1024;

const byteLength = (env: EnvMap) =>
  Object.entries(env).reduce(
    (total, [name, value]) => total + new TextEncoder().encode(name + value).byteLength,
    0,
  );

/** The set as a request leaves it, held to the rules of env on create and to the size limit. */
export function checkedEnv(next: EnvMap): EnvMap {
  const checked = EnvVars.safeParse(next);
  if (!checked.success) {
    assertNoErrors(
      checked.error.issues.map((issue) => ({
        path: ["env", ...issue.path].join("."),
        message: issue.message,
      })),
    );
  }
  if (byteLength(next) > MAX_ENV_BYTES) {
    assertNoErrors([
      { path: "env", message: `at most ${MAX_ENV_BYTES} bytes of names and values` },
    ]);
  }
  return next;
}

/** A variable's value, own properties only: `constructor` or `__proto__` are names like any other. */
export const envValue = (env: EnvMap, name: string): string | undefined =>
  Object.hasOwn(env, name) ? env[name] : undefined;

/** RFC 7396 on a flat object: a value sets the name, `null` removes it. */
export function patchedEnv(current: EnvMap, patch: PatchEnvBody): EnvMap {
  const next = new Map(Object.entries(current));
  for (const [name, value] of Object.entries(patch)) {
    if (value === null) next.delete(name);
    else next.set(name, value);
  }
  return Object.fromEntries(next);
}

/** Names added, removed, or given another value. */
export function changedNames(before: EnvMap, after: EnvMap): string[] {
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...names].filter((name) => envValue(before, name) !== envValue(after, name));
}
