import { z } from "zod";

/** Prefixed ids: a recognisable type prefix and 20 random base32 characters. */
export const ID_PREFIXES = {
  organization: "org",
  apiKey: "key",
  user: "usr",
  tenant: "ten",
  service: "svc",
  deployment: "dep",
  audit: "aud",
  domain: "dom",
  networkRule: "nrl",
  webhook: "whk",
  webhookEvent: "evt",
  webhookDelivery: "whd",
  backup: "bkp",
  credential: "crd",
} as const;

export type IdKind = keyof typeof ID_PREFIXES;

const idPattern = (prefix: string) => new RegExp(`^${prefix}_[0-9a-z]{20}$`);

export const idSchema = (kind: IdKind) =>
  z.string().regex(idPattern(ID_PREFIXES[kind]), `must be a ${ID_PREFIXES[kind]}_ id`);

export const TenantId = idSchema("tenant");
export const DeploymentId = idSchema("deployment");
export const OrganizationId = idSchema("organization");
export const BackupId = idSchema("backup");
