import { z } from "@hono/zod-openapi";

export const PlatformConfigSchema = z.record(z.string(), z.unknown()).openapi("PlatformConfig", {
  description: "The effective platform configuration: typed defaults with overrides applied",
});

export const KeyParams = z.object({
  key: z
    .string()
    .max(64)
    .openapi({ description: "A top-level configuration key, e.g. `timeouts` or `plans`" }),
});

/** The new value of one key; validated with the whole configuration it would produce. */
export const ConfigValueBody = z.object({ value: z.unknown() });
