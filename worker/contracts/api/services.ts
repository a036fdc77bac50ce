import { z } from "@hono/zod-openapi";
import { MAX_TENANT_SERVICES, ServiceCommand } from "../index.ts";
import {
  EnvName,
  EnvVars,
  HealthPath,
  Port,
  ReleaseCommandInput,
  ServiceFields,
  ServiceKindFields,
  ServiceSchema,
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
    public: ServiceKindFields.shape.public,
    schedule: ServiceKindFields.shape.schedule,
    command: ServiceCommand.nullable().optional().openapi({
      description: "The program and arguments to run; null: the image's own again",
    }),
    concurrencyPolicy: ServiceKindFields.shape.concurrencyPolicy,
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

/**
 * A service added to a running tenant: the same fields, rules and defaults as on create. The
 * kind's rules are checked once the tenant is found, so another organization's tenant is a 404
 * whatever the body says.
 */
export const CreateServiceBody = ServiceFields.openapi("CreateService");
export type CreateServiceBody = z.infer<typeof CreateServiceBody>;

export const ScaleServiceBody = z
  .strictObject({
    replicas: z.number().int().min(0).openapi({
      example: 2,
      description: "Pods the service runs, at most the plan's `replicas`; 0 stops it",
    }),
  })
  .openapi("ScaleService");
export type ScaleServiceBody = z.infer<typeof ScaleServiceBody>;

export const ServiceListSchema = z
  .object({ services: z.array(ServiceSchema).max(MAX_TENANT_SERVICES) })
  .openapi("ServiceList");
