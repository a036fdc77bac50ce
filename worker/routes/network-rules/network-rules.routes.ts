import { createRoute } from "@hono/zod-openapi";
import { requireProvider } from "../../auth/authenticate.ts";
import {
  AddNetworkRuleBody,
  NetworkRuleChangeSchema,
  NetworkRuleListSchema,
  NetworkRuleParams,
} from "../../contracts/api/network-rules.ts";
import { TenantParams } from "../../contracts/api/tenants.ts";
import { commonProblems, problemSpec } from "../../errors/schemas.ts";
import { jsonBody, jsonContent } from "../../lib/openapi.ts";

const tags = ["network-rules"];
const LIST = "/v1/tenants/{id}/network-rules";

const DEPLOYS =
  "Queues a deployment (trigger `network_change`) that renders the tenant's rules as " +
  "NetworkPolicies, one per rule named after its id, on the serving images (nothing is built). " +
  "Rules only ever allow egress: no rule can let anything, another tenant included, into the " +
  "tenant. Refused with 409 while another deployment of the tenant is queued or running.";

const changeResponses = (accepted: string) => ({
  202: jsonContent(NetworkRuleChangeSchema, accepted),
  ...commonProblems,
  409: problemSpec("The tenant is being deleted, or another deployment is in progress"),
  503: problemSpec("The deployment job could not be queued"),
});

export const list = createRoute({
  method: "get",
  path: LIST,
  tags,
  operationId: "listNetworkRules",
  summary: "List the tenant's network rules",
  security: [{ provider: ["read"] }],
  middleware: [requireProvider("read")] as const,
  request: { params: TenantParams },
  responses: { 200: jsonContent(NetworkRuleListSchema, "The tenant's rules"), ...commonProblems },
});
export type ListRoute = typeof list;

export const add = createRoute({
  method: "post",
  path: LIST,
  tags,
  operationId: "addNetworkRule",
  summary: "Allow the tenant's egress to an IPv4 CIDR on some ports",
  description: DEPLOYS,
  security: [{ provider: ["write"] }],
  middleware: [requireProvider("write")] as const,
  request: { params: TenantParams, body: jsonBody(AddNetworkRuleBody) },
  responses: changeResponses("Accepted: the rule is being applied"),
});
export type AddRoute = typeof add;

export const remove = createRoute({
  method: "delete",
  path: `${LIST}/{ruleId}`,
  tags,
  operationId: "removeNetworkRule",
  summary: "Remove a network rule and its NetworkPolicy",
  description: DEPLOYS,
  security: [{ provider: ["write"] }],
  middleware: [requireProvider("write")] as const,
  request: { params: NetworkRuleParams },
  responses: changeResponses("Accepted: the rule's policy is being removed"),
});
export type RemoveRoute = typeof remove;
