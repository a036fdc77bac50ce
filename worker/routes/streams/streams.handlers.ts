import { eq } from "drizzle-orm";
import { findOwnedDeployment } from "../../db/ownership.ts";
import { deployments } from "../../db/schema.ts";
import { ApiError, notFound } from "../../errors/api-error.ts";
import type { AppRouteHandler } from "../../lib/types.ts";
import { TICKET_ORGANIZATION_HEADER } from "../../progress/deployment-progress.ts";
import { progressStub } from "../../progress/deployment-ref.ts";
import type { EventsRoute, TicketRoute, WebSocketRoute } from "./streams.routes.ts";

/** The object is reached at a fixed internal origin; only path and query matter to it. */
const progressUrl = (path: string, query: Record<string, string | undefined>) => {
  const url = new URL(path, "https://progress.internal");
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined) url.searchParams.set(name, value);
  }
  return url;
};

/** A Durable Object's response has immutable headers; middleware still adds its own. */
const mutable = (res: Response) =>
  new Response(res.body, { status: res.status, headers: res.headers, webSocket: res.webSocket });

export const events: AppRouteHandler<EventsRoute> = async (c) => {
  const { organizationId } = c.get("principal");
  const { id } = c.req.valid("param");
  const { since } = c.req.valid("query");
  const lastEventId = c.req.valid("header")["last-event-id"];
  await findOwnedDeployment(c.get("db"), organizationId, id);
  const headers = lastEventId ? { "last-event-id": lastEventId } : undefined;
  const res = await progressStub(c.env, id).fetch(progressUrl("/events", { since }), { headers });
  return mutable(res);
};

export const ticket: AppRouteHandler<TicketRoute> = async (c) => {
  const { organizationId } = c.get("principal");
  const { id } = c.req.valid("param");
  await findOwnedDeployment(c.get("db"), organizationId, id);
  const issued = await progressStub(c.env, id).issueTicket(organizationId);
  const url = `/v1/deployments/${id}/ws?ticket=${encodeURIComponent(issued.ticket)}`;
  return c.json({ ...issued, url }, 201);
};

export const webSocket: AppRouteHandler<WebSocketRoute> = async (c) => {
  const { id } = c.req.valid("param");
  const { ticket, since } = c.req.valid("query");
  if (!ticket) {
    throw new ApiError(
      "unauthenticated",
      "A ticket from POST /v1/deployments/{id}/ticket is required",
    );
  }
  if (c.req.header("upgrade")?.toLowerCase() !== "websocket") {
    throw new ApiError("validation_failed", "Expected a WebSocket upgrade request");
  }
  const [row] = await c
    .get("db")
    .select({ organizationId: deployments.organizationId })
    .from(deployments)
    .where(eq(deployments.id, id))
    .limit(1);
  if (!row) throw notFound("Deployment");
  // The organization comes from D1, never from the client, and the ticket must match it.
  const headers = new Headers(c.req.raw.headers);
  headers.set(TICKET_ORGANIZATION_HEADER, row.organizationId);
  const res = await progressStub(c.env, id).fetch(progressUrl("/ws", { ticket, since }), {
    headers,
  });
  if (res.status === 401) {
    throw new ApiError("unauthenticated", "The ticket is invalid, expired or already used");
  }
  return mutable(res);
};
