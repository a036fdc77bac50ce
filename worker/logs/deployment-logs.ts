import type { z } from "@hono/zod-openapi";
import type { DeploymentLogLine } from "../contracts/api/logs.ts";
import type { StreamedEvent } from "../contracts/index.ts";

type Line = z.infer<typeof DeploymentLogLine>;

interface LogTag {
  service?: unknown;
  container?: unknown;
}

/**
 * A deployment's log lines from the events that carry them. The runner groups the lines it
 * read in one moment into one event, each prefixed with `<service> | ` for the live progress
 * display; here each becomes its own line again, with the service and container as fields.
 * The runner redacted secrets before sending, so nothing here sees them.
 */
export function deploymentLogLines(events: StreamedEvent[]): Line[] {
  return events.flatMap((event) => {
    const tag = (event.data?.log ?? {}) as LogTag;
    const service = String(tag.service ?? "");
    const container = String(tag.container ?? "");
    const prefix = `${service} | `;
    return event.message.split("\n").map((text) => ({
      at: event.at,
      attempt: event.attempt,
      stage: event.stage,
      service,
      container,
      line: text.startsWith(prefix) ? text.slice(prefix.length) : text,
    }));
  });
}

export const deploymentLogText = (line: Line): string => `${line.service} | ${line.line}`;
