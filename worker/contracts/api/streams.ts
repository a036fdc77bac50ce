import { z } from "@hono/zod-openapi";

const StreamPosition = z
  .string()
  .regex(/^\d{1,15}$/)
  .optional()
  .openapi({ description: "Resume after this event id (the `id` of the last event seen)" });

export const TicketSchema = z
  .object({
    ticket: z.string(),
    expiresAt: z.string(),
    url: z.string().openapi({ description: "The WebSocket path with the ticket" }),
  })
  .openapi("WebSocketTicket");

export const EventsQuery = z.object({ since: StreamPosition });
export const EventsHeaders = z.object({ "last-event-id": StreamPosition });
export const WebSocketQuery = z.object({
  ticket: z.string().max(200).optional(),
  since: StreamPosition,
});
