import type { StreamedEvent } from "../contracts/index.ts";
import type { TerminalOutcome } from "./status-writeback.ts";

/**
 * Maps the event that ended a deployment to the D1 outcome. Timestamps are the edge's receive
 * time, so D1 never mixes the runner's clock with its own. The runner reports the deployment's
 * result (detection, image digests, URL) as the `data` of its terminal event; a failure keeps
 * what was learned before it (detection explains a failed build).
 */
export const terminalOutcome = (
  terminal: StreamedEvent,
  lastReportedStage: string | null,
): TerminalOutcome => {
  const at = terminal.receivedAt;
  switch (terminal.type) {
    case "deployment.ready":
      return { type: "deployment.ready", at, result: terminal.data ?? null };
    case "deployment.deleted":
      return { type: "deployment.deleted", at, result: terminal.data ?? null };
    case "deployment.cancelled":
      return { type: "deployment.cancelled", at, reason: terminal.message };
    default:
      return {
        type: "deployment.failed",
        at,
        reason: terminal.message,
        failedStage: terminal.stage ?? lastReportedStage,
        result: terminal.data ?? null,
      };
  }
};
