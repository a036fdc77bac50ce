import { z } from "@hono/zod-openapi";
import {
  EnvName,
  EnvVars,
  HealthPath,
  Port,
  ReleaseCommandInput,
  ServiceSourceInput,
  TenantParams,
} from "./tenants.ts";

export const ServiceParams = TenantParams.extend({ name: z.string().max(63) });

/**
 * Fields left out stay as they are. `source` is replaced as a whole. Env changes by name,
 * because values are never shown back and a client could not resend the whole map:
 * `envSet` adds or overwrites variables, `envUnset` removes them (a name that is not set is
 * ignored, so a retried request changes nothing more).
 */
export const UpdateServiceBody = z
  .strictObject({
    source: ServiceSourceInput.optional(),
    port: Port.optional(),
    healthPath: HealthPath.optional(),
    releaseCommand: ReleaseCommandInput.nullable()
      .optional()
      .openapi({ description: "The new release command; null removes it" }),
    envSet: EnvVars.optional().openapi({
      description: "Variables to add or overwrite; encrypted at rest, masked in responses",
      example: { LOG_LEVEL: "debug" },
    }),
    envUnset: z
      .array(EnvName)
      .max(100)
      .optional()
      .openapi({ description: "Names of variables to remove", example: ["DEBUG"] }),
  })
  .refine((body) => Object.keys(body).length > 0, "nothing to update")
  .refine((body) => !body.envUnset?.some((name) => body.envSet && name in body.envSet), {
    message: "a variable cannot be both set and unset",
    path: ["envUnset"],
  })
  .openapi("UpdateService");
export type UpdateServiceBody = z.infer<typeof UpdateServiceBody>;
