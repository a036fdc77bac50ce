import { and, eq } from "drizzle-orm";
import { webhookDeliveries, webhooks } from "../../db/schema.ts";
import { afterCursor, newestFirst, toPage } from "../../lib/pagination.ts";
import { providerScope } from "../../lib/request-scope.ts";
import type { AppRouteHandler } from "../../lib/types.ts";
import { createWebhook } from "../../webhooks/create-webhook.ts";
import { deleteWebhook } from "../../webhooks/delete-webhook.ts";
import { findOwnedWebhook } from "../../webhooks/find-webhook.ts";
import { redeliver as queueRedelivery } from "../../webhooks/redeliver.ts";
import { rotateSecret as rotate } from "../../webhooks/rotate-secret.ts";
import { testWebhook } from "../../webhooks/test-webhook.ts";
import { updateWebhook } from "../../webhooks/update-webhook.ts";
import { webhookView } from "../../webhooks/webhook-view.ts";
import type {
  CreateRoute,
  DeliveriesRoute,
  GetRoute,
  ListRoute,
  RedeliverRoute,
  RemoveRoute,
  RotateSecretRoute,
  TestRoute,
  UpdateRoute,
} from "./webhooks.routes.ts";

const deliveryView = ({
  organizationId: _organizationId,
  ...visible
}: typeof webhookDeliveries.$inferSelect) => visible;

export const create: AppRouteHandler<CreateRoute> = async (c) =>
  c.json(await createWebhook(providerScope(c), c.req.valid("json")), 201);

export const list: AppRouteHandler<ListRoute> = async (c) => {
  const { organizationId } = c.get("principal");
  const { cursor, limit } = c.req.valid("query");
  const rows = await c
    .get("db")
    .select()
    .from(webhooks)
    .where(and(eq(webhooks.organizationId, organizationId), afterCursor(webhooks, cursor)))
    .orderBy(...newestFirst(webhooks))
    .limit(limit + 1);
  return c.json(toPage(rows, limit, webhookView), 200);
};

export const get: AppRouteHandler<GetRoute> = async (c) => {
  const { id } = c.req.valid("param");
  const row = await findOwnedWebhook(c.get("db"), c.get("principal").organizationId, id);
  return c.json(webhookView(row), 200);
};

export const update: AppRouteHandler<UpdateRoute> = async (c) =>
  c.json(await updateWebhook(providerScope(c), c.req.valid("param").id, c.req.valid("json")), 200);

export const remove: AppRouteHandler<RemoveRoute> = async (c) =>
  c.json(await deleteWebhook(providerScope(c), c.req.valid("param").id), 200);

export const test: AppRouteHandler<TestRoute> = async (c) =>
  c.json(deliveryView(await testWebhook(providerScope(c), c.req.valid("param").id)), 200);

export const deliveries: AppRouteHandler<DeliveriesRoute> = async (c) => {
  const { id } = c.req.valid("param");
  const { cursor, limit } = c.req.valid("query");
  const db = c.get("db");
  const webhook = await findOwnedWebhook(db, c.get("principal").organizationId, id);
  const rows = await db
    .select()
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.webhookId, webhook.id), afterCursor(webhookDeliveries, cursor)))
    .orderBy(...newestFirst(webhookDeliveries))
    .limit(limit + 1);
  return c.json(toPage(rows, limit, deliveryView), 200);
};

export const redeliver: AppRouteHandler<RedeliverRoute> = async (c) => {
  const { id, deliveryId } = c.req.valid("param");
  return c.json(await queueRedelivery(providerScope(c), id, deliveryId), 202);
};

export const rotateSecret: AppRouteHandler<RotateSecretRoute> = async (c) => {
  const { overlapHours } = c.req.valid("json") ?? {};
  return c.json(await rotate(providerScope(c), c.req.valid("param").id, overlapHours), 200);
};
