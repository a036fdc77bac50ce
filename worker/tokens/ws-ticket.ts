/**
 * WebSocket tickets: browsers cannot set headers on a WebSocket, so a client trades its
 * provider credential for a ticket (POST /v1/deployments/:id/ticket) and puts it in the URL.
 * A ticket is an opaque random value; only its hash is stored (in the deployment's Durable
 * Object), it is bound to that deployment and organization, expires quickly and works once,
 * so a ticket that leaks through a URL log is useless.
 */
export const WS_TICKET_TTL_SECONDS = 30;
const TICKET_BYTES = 32;

const toHex = (bytes: ArrayBuffer) =>
  Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, "0")).join("");

export const hashTicket = async (ticket: string): Promise<string> =>
  toHex(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(ticket)));

export const newTicket = async (): Promise<{ ticket: string; hash: string }> => {
  const ticket = `wst_${toHex(crypto.getRandomValues(new Uint8Array(TICKET_BYTES)).buffer)}`;
  return { ticket, hash: await hashTicket(ticket) };
};
