import { z } from "zod";

/** A verified custom hostname of the tenant, routed with its own Certificate and IngressRoute. */
export const SpecCustomDomain = z.object({
  id: z.string(),
  domain: z.string(),
});
export type SpecCustomDomain = z.infer<typeof SpecCustomDomain>;

/** Egress a network rule opens: one NetworkPolicy, named after the rule's id. */
export const SpecNetworkRule = z.object({
  id: z.string().regex(/^nrl_[0-9a-z]{20}$/),
  cidr: z.cidrv4(),
  protocol: z.enum(["TCP", "UDP"]),
  /** Empty: every port of the protocol. */
  ports: z.array(z.number().int().min(1).max(65535)),
});
export type SpecNetworkRule = z.infer<typeof SpecNetworkRule>;

/** How the route stage found a custom domain's certificate: the edge records it per domain. */
export const CUSTOM_DOMAIN_CERTIFICATE_STATES = ["issued", "pending", "failed"] as const;
export const CustomDomainCertificate = z.object({
  domain: z.string(),
  certificate: z.enum(CUSTOM_DOMAIN_CERTIFICATE_STATES),
  message: z.string().optional(),
});
export type CustomDomainCertificate = z.infer<typeof CustomDomainCertificate>;

/**
 * What a deployment on the serving images converges besides rolling env: the tenant's network
 * rule policies, or its custom domains' routes. Only on a spec with a `rollout`.
 */
export const SpecReconcile = z.enum(["network_rules", "custom_domains"]);
export type SpecReconcile = z.infer<typeof SpecReconcile>;
