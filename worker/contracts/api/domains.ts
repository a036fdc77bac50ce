import { z } from "@hono/zod-openapi";
import { createSelectSchema } from "drizzle-zod";
import { DOMAIN_STATUSES, domains } from "../../db/schema.ts";
import { idSchema } from "../index.ts";
import { DeploymentLinksSchema, DeploymentSchema } from "./deployments.ts";
import { CustomDomain, TenantParams } from "./tenants.ts";

export const DnsRecordSchema = z
  .object({
    type: z.enum(["TXT", "CNAME", "A"]),
    name: z.string().openapi({ example: "_enclave-challenge.app.acme.com" }),
    value: z.string(),
    purpose: z.enum(["ownership", "routing"]).openapi({
      description:
        "`ownership`: the TXT challenge, always required. `routing`: the CNAME, or for an apex domain the A record when the platform offers one; either one is enough",
    }),
  })
  .openapi("DnsRecord");

export const DomainSchema = createSelectSchema(domains)
  .omit({ tenantId: true, organizationId: true, verificationToken: true })
  .extend({
    id: idSchema("domain").openapi({ example: "dom_0123456789abcdefghjk" }),
    domain: CustomDomain,
    status: z.enum(DOMAIN_STATUSES).openapi({
      description:
        "`pending_verification` until its DNS records are checked; `verified` once they prove ownership (routed by the next deployment); `certificate_pending` while its certificate is being issued; `active` once it serves TLS; `failed` with the reason (a failed check, or a certificate that could not be issued)",
    }),
    statusReason: z.string().nullable(),
    verifiedAt: z.string().nullable(),
    records: z.array(DnsRecordSchema).openapi({ description: "The DNS records to create" }),
  })
  .openapi("Domain");
export type DomainView = z.infer<typeof DomainSchema>;

export const DomainListSchema = z.object({ data: z.array(DomainSchema) }).openapi("DomainList");

export const AddDomainBody = z.strictObject({ domain: CustomDomain }).openapi("AddDomain");

export const DomainParams = TenantParams.extend({
  domain: z.string().max(253).openapi({ example: "app.acme.com" }),
});

export const DomainChangeSchema = z
  .object({
    domain: DomainSchema,
    deployment: DeploymentSchema.optional(),
    links: DeploymentLinksSchema.optional(),
  })
  .openapi("DomainChange", {
    description:
      "The domain, and the deployment that routes (or stops routing) it on the serving images; absent when none was needed, or when another deployment was in progress (the next one picks the change up)",
  });
