import { eq, lte } from "drizzle-orm";
import { hashTicket, newTicket, WS_TICKET_TTL_SECONDS } from "../tokens/ws-ticket.ts";
import { wsTickets } from "./schema.ts";
import type { ProgressDb } from "./storage.ts";

/** WebSocket tickets of this deployment, stored as hashes and consumed on first use. */
export const issueTicket = async (
  db: ProgressDb,
  organizationId: string,
  nowMs: number,
): Promise<{ ticket: string; expiresAt: string }> => {
  const { ticket, hash } = await newTicket();
  const expiresAtMs = nowMs + WS_TICKET_TTL_SECONDS * 1000;
  db.delete(wsTickets).where(lte(wsTickets.expiresAtMs, nowMs)).run();
  db.insert(wsTickets).values({ hash, organizationId, expiresAtMs }).run();
  return { ticket, expiresAt: new Date(expiresAtMs).toISOString() };
};

/** True when the ticket was issued for this organization and is unexpired; it is used up. */
export const consumeTicket = async (
  db: ProgressDb,
  ticket: string,
  organizationId: string,
  nowMs: number,
): Promise<boolean> => {
  const hash = await hashTicket(ticket);
  const row = db.delete(wsTickets).where(eq(wsTickets.hash, hash)).returning().get();
  return row !== undefined && row.organizationId === organizationId && row.expiresAtMs > nowMs;
};
