import { z } from "@hono/zod-openapi";
import { ServiceParams } from "./services.ts";
import { EnvName, EnvValue, EnvVars, MASKED_VALUE, TenantParams } from "./tenants.ts";

export const MAX_ENV_VARS = 100;

export const EnvKeyParams = TenantParams.extend({ key: EnvName });
export const ServiceEnvKeyParams = ServiceParams.extend({ key: EnvName });

/** `reveal=true` shows the values: an admin-scoped, audited read. */
export const EnvQuery = z.object({
  reveal: z
    .enum(["true", "false"])
    .optional()
    .transform((value) => value === "true")
    .openapi({
      description:
        "`true` shows the values instead of masking them; needs the `admin` scope and is audited",
    }),
});

/** The whole set, replacing what is there: every variable not named is removed. */
export const ReplaceEnvBody = EnvVars.openapi("EnvReplace", {
  description:
    "Every variable of the set (at most 100; names as POSIX, not the platform's own `PORT`, `DATABASE_URL`, `DATABASE_DIRECT_URL`, `ENCLAVE_*`); those not named are removed",
  example: { LOG_LEVEL: "info", FEATURE_FLAGS: "beta" },
});

/** A merge patch (RFC 7396): a string sets the variable, `null` removes it. */
export const PatchEnvBody = z
  .record(EnvName, EnvValue.nullable())
  .refine((body) => Object.keys(body).length > 0, "nothing to change")
  .refine((body) => Object.keys(body).length <= MAX_ENV_VARS, "at most 100 variables")
  .openapi("EnvPatch", {
    description: "Variables to set, or to remove with `null`; the others stay as they are",
    example: { LOG_LEVEL: "debug", DEBUG: null },
  });
export type PatchEnvBody = z.infer<typeof PatchEnvBody>;

export const EnvSchema = z
  .object({
    env: z.record(z.string(), z.string()).openapi({
      description: `The variables; each value is \`${MASKED_VALUE}\` unless revealed`,
      example: { LOG_LEVEL: MASKED_VALUE },
    }),
  })
  .openapi("Env");
