import { hashTicket, newTicket, WS_TICKET_TTL_SECONDS } from "../tokens/ws-ticket.ts";

/** WebSocket tickets of this deployment, stored as hashes and consumed on first use. */
export const migrateTickets = (sql: SqlStorage): void => {
  sql.exec(`CREATE TABLE IF NOT EXISTS ws_tickets (
    hash TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL,
    expires_at_ms INTEGER NOT NULL
  )`);
};

export const issueTicket = async (
  sql: SqlStorage,
  organizationId: string,
  nowMs: number,
): Promise<{ ticket: string; expiresAt: string }> => {
  const { ticket, hash } = await newTicket();
  const expiresAtMs = nowMs + WS_TICKET_TTL_SECONDS * 1000;
  sql.exec("DELETE FROM ws_tickets WHERE expires_at_ms <= ?", nowMs);
  sql.exec(
    "INSERT INTO ws_tickets (hash, organization_id, expires_at_ms) VALUES (?, ?, ?)",
    hash,
    organizationId,
    expiresAtMs,
  );
  return { ticket, expiresAt: new Date(expiresAtMs).toISOString() };
};

/** True when the ticket was issued for this organization and is unexpired; it is used up. */
export const consumeTicket = async (
  sql: SqlStorage,
  ticket: string,
  organizationId: string,
  nowMs: number,
): Promise<boolean> => {
  const hash = await hashTicket(ticket);
  const row = sql
    .exec<{ organization_id: string; expires_at_ms: number }>(
      "DELETE FROM ws_tickets WHERE hash = ? RETURNING organization_id, expires_at_ms",
      hash,
    )
    .toArray()[0];
  return row !== undefined && row.organization_id === organizationId && row.expires_at_ms > nowMs;
};
