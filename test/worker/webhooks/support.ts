import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { expect, vi } from "vitest";
import type { WebhookMessage } from "../../../worker/contracts/index.ts";
import { handleQueue } from "../../../worker/queue/consumer.ts";
import { request, type TestOrg, workerEnv } from "../harness.ts";

export interface CreatedWebhook {
  webhook: { id: string; url: string; enabled: boolean; events: string[] };
  secret: string;
}

export const RECEIVER_URL = "http://127.0.0.1:9/hooks/enclave";

export async function createWebhook(
  org: TestOrg,
  body: Record<string, unknown> = {},
): Promise<CreatedWebhook> {
  const res = await request("/v1/webhooks", {
    method: "POST",
    headers: org.headers,
    json: { url: RECEIVER_URL, ...body },
  });
  expect(res.status).toBe(201);
  return (await res.json()) as CreatedWebhook;
}

export interface ReceivedCall {
  url: string;
  headers: Headers;
  body: string;
}

/**
 * Stands in for the provider's receiver: every outbound fetch is recorded and answered by
 * `respond` (a status, or an Error for a receiver that cannot be reached).
 */
export function mockReceiver(respond: (call: ReceivedCall, index: number) => number | Error) {
  const calls: ReceivedCall[] = [];
  vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const req = new Request(input, init);
    const call = { url: req.url, headers: req.headers, body: await req.text() };
    calls.push(call);
    const answer = respond(call, calls.length - 1);
    if (answer instanceof Error) throw answer;
    return new Response(`answer ${calls.length}`, { status: answer });
  });
  return calls;
}

const queue = env.WEBHOOKS;
const send = queue.send.bind(queue);
const sendBatch = queue.sendBatch.bind(queue);

/**
 * Every message the Worker sends to the webhooks Queue from now on (the sends still happen),
 * until the next capture starts.
 */
export function captureWebhookMessages(): WebhookMessage[] {
  const sent: WebhookMessage[] = [];
  vi.spyOn(queue, "send").mockImplementation(async (message, options) => {
    sent.push(message as WebhookMessage);
    return send(message, options);
  });
  vi.spyOn(queue, "sendBatch").mockImplementation(async (messages, options) => {
    for (const message of messages) sent.push(message.body as WebhookMessage);
    return sendBatch(messages, options);
  });
  return sent;
}

/** Hands messages to the consumer as the Queue would on their `attempts`-th delivery. */
export async function consume(messages: { body: WebhookMessage; attempts?: number }[]) {
  const batch = createMessageBatch<WebhookMessage>(
    "enclave-webhooks",
    messages.map(({ body, attempts }, i) => ({
      id: `msg-${i}`,
      timestamp: new Date(),
      attempts: attempts ?? 1,
      body,
    })),
  );
  const retries = batch.messages.map((message) => vi.spyOn(message, "retry"));
  const ctx = createExecutionContext();
  await handleQueue(batch, workerEnv);
  const result = await getQueueResult(batch, ctx);
  return { ...result, retryDelays: retries.map((spy) => spy.mock.calls[0]?.[0]?.delaySeconds) };
}

export async function listDeliveries(org: TestOrg, webhookId: string) {
  const res = await request(`/v1/webhooks/${webhookId}/deliveries`, { headers: org.headers });
  expect(res.status).toBe(200);
  return (
    (await res.json()) as {
      data: {
        id: string;
        eventId: string;
        eventType: string;
        attempt: number;
        succeeded: boolean;
        statusCode: number | null;
        latencyMs: number | null;
        responseExcerpt: string | null;
        error: string | null;
      }[];
    }
  ).data;
}

/** Sets one top-level key of the platform configuration through the operator API. */
export async function setPlatformConfig(key: string, value: unknown) {
  const res = await request(`/v1/admin/config/${key}`, {
    method: "PUT",
    headers: { authorization: `Bearer ${env.OPERATOR_TOKEN}` },
    json: { value },
  });
  expect(res.status).toBe(200);
}

const encoder = new TextEncoder();

/**
 * A receiver's verification, written from the README alone with WebCrypto: parse
 * `t=…,v1=…`, refuse timestamps outside five minutes, accept when any v1 is the HMAC-SHA256 of
 * "<t>.<body>" under the secret.
 */
export async function receiverVerifies(
  header: string | null,
  body: string,
  secret: string,
  nowSeconds = Math.floor(Date.now() / 1000),
): Promise<boolean> {
  if (!header) return false;
  const parts = header.split(",").map((part) => part.split("=") as [string, string]);
  const timestamp = Number(parts.find(([key]) => key === "t")?.[1]);
  if (!Number.isInteger(timestamp) || Math.abs(nowSeconds - timestamp) > 300) return false;
  const key = await crypto.subtle.importKey(
    "raw",
    encoder.encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["verify"],
  );
  for (const [name, value] of parts) {
    if (name !== "v1" || !/^[0-9a-f]{64}$/.test(value)) continue;
    const signature = new Uint8Array(value.match(/../g)?.map((byte) => parseInt(byte, 16)) ?? []);
    const signed = encoder.encode(`${timestamp}.${body}`);
    if (await crypto.subtle.verify("HMAC", key, signature, signed)) return true;
  }
  return false;
}
