import { z } from "@hono/zod-openapi";
import { createSelectSchema } from "drizzle-zod";
import { NETWORK_RULE_PROTOCOLS, networkRules } from "../../db/schema.ts";
import { idSchema } from "../index.ts";
import { DeploymentLinksSchema, DeploymentSchema } from "./deployments.ts";
import { TenantParams } from "./tenants.ts";

export const NetworkRuleSchema = createSelectSchema(networkRules)
  .omit({ tenantId: true, organizationId: true })
  .extend({
    id: idSchema("networkRule").openapi({ example: "nrl_0123456789abcdefghjk" }),
    ports: z.array(z.number().int()),
    description: z.string().nullable(),
  })
  .openapi("NetworkRule");

export const NetworkRuleListSchema = z
  .object({ data: z.array(NetworkRuleSchema) })
  .openapi("NetworkRuleList");

export const MAX_NETWORK_RULES = 50;

export const AddNetworkRuleBody = z
  .strictObject({
    cidr: z.cidrv4({ error: "must be an IPv4 CIDR such as 203.0.113.0/24" }).openapi({
      example: "203.0.113.0/24",
      description:
        "Destination of the egress the rule allows. Private, cluster and metadata ranges only where the platform configuration allows them (`networkRules.allowedInternalCidrs`)",
    }),
    protocol: z.enum(NETWORK_RULE_PROTOCOLS).default("TCP"),
    ports: z
      .array(z.number().int().min(1).max(65535))
      .max(20)
      .refine((ports) => new Set(ports).size === ports.length, "ports must be unique")
      .default([])
      .openapi({ description: "Destination ports; empty: every port of the protocol" }),
    description: z.string().trim().max(200).optional().openapi({ example: "billing database" }),
  })
  .openapi("AddNetworkRule");
export type AddNetworkRuleBody = z.infer<typeof AddNetworkRuleBody>;

export const NetworkRuleParams = TenantParams.extend({
  ruleId: z.string().max(64).openapi({ example: "nrl_0123456789abcdefghjk" }),
});

export const NetworkRuleChangeSchema = z
  .object({
    networkRule: NetworkRuleSchema,
    deployment: DeploymentSchema,
    links: DeploymentLinksSchema,
  })
  .openapi("NetworkRuleChange");
