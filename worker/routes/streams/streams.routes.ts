import { createRoute, z } from "@hono/zod-openapi";
import { requireProvider } from "../../auth/authenticate.ts";
import { IdParams } from "../../contracts/api/common.ts";
import {
  EventsHeaders,
  EventsQuery,
  TicketSchema,
  WebSocketQuery,
} from "../../contracts/api/streams.ts";
import { commonProblems } from "../../errors/schemas.ts";
import { jsonContent } from "../../lib/openapi.ts";

export const events = createRoute({
  method: "get",
  path: "/v1/deployments/{id}/events",
  tags: ["deployments"],
  operationId: "streamDeploymentEvents",
  summary: "Progress as Server-Sent Events: replay, then live, then `event: end`",
  description:
    "Each event carries `id:` (the global sequence). Reconnecting with `Last-Event-ID` (or " +
    "`?since=`) resumes without gaps or duplicates. After the terminal event an `end` event " +
    "with the final status closes the stream. Comment lines are heartbeats.",
  security: [{ provider: ["read"] }],
  middleware: [requireProvider("read")] as const,
  request: {
    params: IdParams,
    query: EventsQuery,
    headers: EventsHeaders,
  },
  responses: {
    200: {
      description: "An event stream",
      content: { "text/event-stream": { schema: z.string() } },
    },
    ...commonProblems,
  },
});
export type EventsRoute = typeof events;

export const ticket = createRoute({
  method: "post",
  path: "/v1/deployments/{id}/ticket",
  tags: ["deployments"],
  operationId: "createDeploymentTicket",
  summary: "A single-use, short-lived ticket to open the deployment's WebSocket",
  description: "Browsers cannot set headers on a WebSocket; the ticket goes in its URL instead.",
  security: [{ provider: ["read"] }],
  middleware: [requireProvider("read")] as const,
  request: { params: IdParams },
  responses: { 201: jsonContent(TicketSchema, "The ticket"), ...commonProblems },
});
export type TicketRoute = typeof ticket;

export const webSocket = createRoute({
  method: "get",
  path: "/v1/deployments/{id}/ws",
  tags: ["deployments"],
  operationId: "openDeploymentWebSocket",
  security: [{ ticket: [] }],
  summary: "Progress over WebSocket: replay from `since`, then live",
  description:
    "Authenticated by `ticket` (from POST /v1/deployments/{id}/ticket), not by a header. Each " +
    "message is one event as JSON; after the terminal event the server closes with code 1000 " +
    'and a reason like `{"status":"ready","eventId":12}`. Send `ping` to get `pong`.',
  request: {
    params: IdParams,
    query: WebSocketQuery,
  },
  responses: {
    101: { description: "Switching protocols" },
    ...commonProblems,
  },
});
export type WebSocketRoute = typeof webSocket;
