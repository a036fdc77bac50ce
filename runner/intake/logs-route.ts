import type { Context } from "hono";
import { RuntimeLogsOptions } from "../../worker/contracts/index.ts";
import type { Kube } from "../kube/client.ts";
import type { Logger } from "../log/logger.ts";
import { followRuntimeLogs, readRuntimeLogs } from "../logs/runtime-logs.ts";
import { bearerToken, JobTokenError, verifyLogsToken } from "./auth.ts";
import { type IntakeEnv, problem } from "./problem.ts";

export interface LogsRouteOptions {
  jobTokenSecret: string;
  kube: Kube;
  logger: Logger;
}

const encoder = new TextEncoder();

/**
 * GET /v1/logs: the runtime logs of the service the edge's logs token names, read through the
 * Kubernetes pod log API. Without `follow`, every pod's lines merged by time as JSON lines;
 * with it, Server-Sent Events, one per line, ended by `event: end` once every pod's stream
 * has, or cut short when the edge goes away (which closes every pod stream it opened).
 */
export function logsRoute(options: LogsRouteOptions) {
  return async (c: Context<IntakeEnv>): Promise<Response> => {
    const token = bearerToken(c.req.header("authorization"));
    if (!token) return problem(c, "unauthenticated", "a logs token is required");
    let grant: Awaited<ReturnType<typeof verifyLogsToken>>;
    try {
      grant = await verifyLogsToken(options.jobTokenSecret, token);
    } catch (error) {
      if (!(error instanceof JobTokenError)) throw error;
      options.logger.warn({ reason: error.message }, "logs token refused");
      return problem(c, "unauthenticated", "the logs token is not valid");
    }
    const parsed = RuntimeLogsOptions.safeParse(c.req.query());
    if (!parsed.success)
      return problem(c, "validation_failed", "tail, sinceSeconds or follow is invalid");
    const request = {
      ...grant,
      tail: parsed.data.tail,
      sinceSeconds: parsed.data.sinceSeconds,
    };
    if (!parsed.data.follow) {
      const lines = await readRuntimeLogs(options.kube, request);
      return new Response(lines.map((line) => `${JSON.stringify(line)}\n`).join(""), {
        headers: { "content-type": "application/x-ndjson", "cache-control": "no-store" },
      });
    }
    const stop = new AbortController();
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        const send = (frame: string) => {
          if (!stop.signal.aborted) controller.enqueue(encoder.encode(frame));
        };
        send(": following\n\n");
        followRuntimeLogs(
          options.kube,
          request,
          (line) => send(`data: ${JSON.stringify(line)}\n\n`),
          stop.signal,
        )
          .then(
            () => send("event: end\ndata: {}\n\n"),
            (error: unknown) => {
              options.logger.warn({ error: String(error) }, "runtime log stream failed");
              send(
                `event: error\ndata: ${JSON.stringify({ message: "the logs could not be read" })}\n\n`,
              );
            },
          )
          .finally(() => {
            if (!stop.signal.aborted) controller.close();
            stop.abort();
          });
      },
      cancel() {
        stop.abort();
      },
    });
    return new Response(body, {
      headers: {
        "content-type": "text/event-stream",
        "cache-control": "no-store",
        "x-accel-buffering": "no",
      },
    });
  };
}
