import { createRoute } from "@hono/zod-openapi";
import { requireProvider } from "../../auth/authenticate.ts";
import { IdParams } from "../../contracts/api/common.ts";
import {
  CreatedWebhookSchema,
  CreateWebhookBody,
  DeliveryParams,
  RedeliveryAcceptedSchema,
  RotateSecretBody,
  UpdateWebhookBody,
  WebhookDeliverySchema,
  WebhookSchema,
} from "../../contracts/api/webhooks.ts";
import { commonProblems, problemSpec } from "../../errors/schemas.ts";
import { jsonBody, jsonContent } from "../../lib/openapi.ts";
import { PageQuery, pageOf } from "../../lib/pagination.ts";

const tags = ["webhooks"];
const reader = { security: [{ provider: ["read"] }] };
const writer = { security: [{ provider: ["write"] }] };

// Create and rotate answer with the secret, so they take no Idempotency-Key: a replayable
// answer would have to be stored, secret included.
export const create = createRoute({
  method: "post",
  path: "/v1/webhooks",
  tags,
  operationId: "createWebhook",
  summary: "Create a webhook (its signing secret is returned once)",
  ...writer,
  middleware: [requireProvider("write")] as const,
  request: { body: jsonBody(CreateWebhookBody) },
  responses: {
    201: jsonContent(CreatedWebhookSchema, "The webhook and its signing secret"),
    ...commonProblems,
  },
});
export type CreateRoute = typeof create;

export const list = createRoute({
  method: "get",
  path: "/v1/webhooks",
  tags,
  operationId: "listWebhooks",
  summary: "List the organization's webhooks",
  ...reader,
  middleware: [requireProvider("read")] as const,
  request: { query: PageQuery },
  responses: { 200: jsonContent(pageOf(WebhookSchema), "A page of webhooks"), ...commonProblems },
});
export type ListRoute = typeof list;

export const get = createRoute({
  method: "get",
  path: "/v1/webhooks/{id}",
  tags,
  operationId: "getWebhook",
  summary: "Read a webhook, with why it is disabled if it is",
  ...reader,
  middleware: [requireProvider("read")] as const,
  request: { params: IdParams },
  responses: { 200: jsonContent(WebhookSchema, "The webhook"), ...commonProblems },
});
export type GetRoute = typeof get;

export const update = createRoute({
  method: "patch",
  path: "/v1/webhooks/{id}",
  tags,
  operationId: "updateWebhook",
  summary: "Change a webhook's URL, events or description, or disable or enable it",
  ...writer,
  middleware: [requireProvider("write")] as const,
  request: { params: IdParams, body: jsonBody(UpdateWebhookBody) },
  responses: { 200: jsonContent(WebhookSchema, "The changed webhook"), ...commonProblems },
});
export type UpdateRoute = typeof update;

export const remove = createRoute({
  method: "delete",
  path: "/v1/webhooks/{id}",
  tags,
  operationId: "deleteWebhook",
  summary: "Delete a webhook and its delivery history",
  ...writer,
  middleware: [requireProvider("write")] as const,
  request: { params: IdParams },
  responses: { 200: jsonContent(WebhookSchema, "The deleted webhook"), ...commonProblems },
});
export type RemoveRoute = typeof remove;

export const test = createRoute({
  method: "post",
  path: "/v1/webhooks/{id}/test",
  tags,
  operationId: "testWebhook",
  summary: "Send a webhook.test event now and answer with the attempt",
  ...writer,
  middleware: [requireProvider("write")] as const,
  request: { params: IdParams },
  responses: {
    200: jsonContent(WebhookDeliverySchema, "The attempt, delivered or not"),
    ...commonProblems,
  },
});
export type TestRoute = typeof test;

export const deliveries = createRoute({
  method: "get",
  path: "/v1/webhooks/{id}/deliveries",
  tags,
  operationId: "listWebhookDeliveries",
  summary: "Every delivery attempt of the webhook, newest first",
  ...reader,
  middleware: [requireProvider("read")] as const,
  request: { params: IdParams, query: PageQuery },
  responses: {
    200: jsonContent(pageOf(WebhookDeliverySchema), "A page of delivery attempts"),
    ...commonProblems,
  },
});
export type DeliveriesRoute = typeof deliveries;

export const redeliver = createRoute({
  method: "post",
  path: "/v1/webhooks/{id}/deliveries/{deliveryId}/redeliver",
  tags,
  operationId: "redeliverWebhookDelivery",
  summary: "Queue the delivery's event to the webhook again",
  ...writer,
  middleware: [requireProvider("write")] as const,
  request: { params: DeliveryParams },
  responses: {
    202: jsonContent(RedeliveryAcceptedSchema, "Queued: the delivery has its own retries"),
    ...commonProblems,
    409: problemSpec("The webhook is disabled"),
    503: problemSpec("The redelivery could not be queued"),
  },
});
export type RedeliverRoute = typeof redeliver;

export const rotateSecret = createRoute({
  method: "post",
  path: "/v1/webhooks/{id}/rotate-secret",
  tags,
  operationId: "rotateWebhookSecret",
  summary: "Replace the signing secret; the old one signs beside it for the overlap",
  ...writer,
  middleware: [requireProvider("write")] as const,
  request: {
    params: IdParams,
    body: { required: false, content: { "application/json": { schema: RotateSecretBody } } },
  },
  responses: {
    200: jsonContent(CreatedWebhookSchema, "The webhook and its new signing secret"),
    ...commonProblems,
  },
});
export type RotateSecretRoute = typeof rotateSecret;
