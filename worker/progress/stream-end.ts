import type { EventType, StreamedEvent } from "../contracts/index.ts";

/** Sent as the last SSE event (`event: end`) and as the WebSocket close reason. */
export interface StreamEnd {
  status: "ready" | "failed" | "cancelled" | "deleted";
  /** The terminal event's id. */
  eventId: number;
}

const FINAL_STATUS: Partial<Record<EventType, StreamEnd["status"]>> = {
  "deployment.ready": "ready",
  "deployment.failed": "failed",
  "deployment.cancelled": "cancelled",
  "deployment.deleted": "deleted",
};

export const streamEnd = (terminal: StreamedEvent): StreamEnd => ({
  status: FINAL_STATUS[terminal.type] ?? "failed",
  eventId: terminal.id,
});
