import { createRoute } from "@hono/zod-openapi";
import { requireProvider } from "../../auth/authenticate.ts";
import {
  AddDomainBody,
  DomainChangeSchema,
  DomainListSchema,
  DomainParams,
  DomainSchema,
} from "../../contracts/api/domains.ts";
import { TenantParams } from "../../contracts/api/tenants.ts";
import { commonProblems, problemSpec } from "../../errors/schemas.ts";
import { jsonBody, jsonContent } from "../../lib/openapi.ts";

const tags = ["domains"];
const LIST = "/v1/tenants/{id}/domains";
const ONE = "/v1/tenants/{id}/domains/{domain}";

export const list = createRoute({
  method: "get",
  path: LIST,
  tags,
  operationId: "listDomains",
  summary: "List the tenant's custom domains with their status and DNS records",
  security: [{ provider: ["read"] }],
  middleware: [requireProvider("read")] as const,
  request: { params: TenantParams },
  responses: { 200: jsonContent(DomainListSchema, "The tenant's domains"), ...commonProblems },
});
export type ListRoute = typeof list;

export const add = createRoute({
  method: "post",
  path: LIST,
  tags,
  operationId: "addDomain",
  summary: "Claim a custom domain for the tenant and get the DNS records that verify it",
  description:
    "The domain is `pending_verification` and not routed until `verify` finds its DNS " +
    "records: the TXT challenge, and a CNAME to the tenant's platform host (or the ingress's " +
    "A record, when the platform offers one). A hostname belongs to one tenant of the platform.",
  security: [{ provider: ["write"] }],
  middleware: [requireProvider("write")] as const,
  request: { params: TenantParams, body: jsonBody(AddDomainBody) },
  responses: {
    201: jsonContent(DomainSchema, "The pending domain and its DNS records"),
    ...commonProblems,
    409: problemSpec("The domain is claimed by a tenant, or the tenant is being deleted"),
  },
});
export type AddRoute = typeof add;

export const get = createRoute({
  method: "get",
  path: ONE,
  tags,
  operationId: "getDomain",
  summary: "Read a custom domain's status and DNS records",
  security: [{ provider: ["read"] }],
  middleware: [requireProvider("read")] as const,
  request: { params: DomainParams },
  responses: { 200: jsonContent(DomainSchema, "The domain"), ...commonProblems },
});
export type GetRoute = typeof get;

export const verify = createRoute({
  method: "post",
  path: `${ONE}/verify`,
  tags,
  operationId: "verifyDomain",
  summary: "Check the domain's DNS records and route it once they prove ownership",
  description:
    "Asks the platform's DNS-over-HTTPS resolver for the TXT challenge and the CNAME (or A) " +
    "record. Verified: the `domain.verified` event is sent and, for a ready tenant, a " +
    "deployment (trigger `domain_change`) routes the domain with its own certificate on the " +
    "serving images. Not verified: the domain is `failed` with what is missing, and can be " +
    "checked again.",
  security: [{ provider: ["write"] }],
  middleware: [requireProvider("write")] as const,
  request: { params: DomainParams },
  responses: {
    200: jsonContent(DomainChangeSchema, "The domain after the check, and its deployment"),
    ...commonProblems,
    503: problemSpec("The deployment job could not be queued"),
  },
});
export type VerifyRoute = typeof verify;

export const remove = createRoute({
  method: "delete",
  path: ONE,
  tags,
  operationId: "removeDomain",
  summary: "Remove a custom domain, and its route and certificate",
  description:
    "A verified domain of a ready tenant is removed with a deployment (trigger " +
    "`domain_change`) that takes its route down; that is refused with 409 while another " +
    "deployment of the tenant is queued or running.",
  security: [{ provider: ["write"] }],
  middleware: [requireProvider("write")] as const,
  request: { params: DomainParams },
  responses: {
    200: jsonContent(DomainChangeSchema, "The removed domain, and its deployment"),
    ...commonProblems,
    409: problemSpec("Another deployment of the tenant is in progress"),
    503: problemSpec("The deployment job could not be queued"),
  },
});
export type RemoveRoute = typeof remove;
