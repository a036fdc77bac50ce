import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { JobMessage } from "../../worker/contracts/index.ts";
import { describeError, type Logger } from "../log/logger.ts";
import type { RunnerMetrics } from "../metrics/registry.ts";
import { bearerToken, JobTokenError, verifyJobToken } from "./auth.ts";
import type { JobScheduler } from "./scheduler.ts";

/** A job message is four short fields; anything much larger is not one. */
const MAX_BODY_BYTES = 16 * 1024;

export interface IntakeOptions {
  host: string;
  port: number;
  jobTokenSecret: string;
  scheduler: JobScheduler;
  metrics: RunnerMetrics;
  logger: Logger;
}

class BodyTooLarge extends Error {}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new BodyTooLarge());
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown, type = "application/json"): void {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  res.writeHead(status, { "content-type": type, "content-length": Buffer.byteLength(text) });
  res.end(text);
}

const problem = (res: ServerResponse, status: number, code: string, detail: string) =>
  send(res, status, { type: "about:blank", status, code, detail }, "application/problem+json");

/** The runner's HTTP face: job intake for the edge, health and metrics for the operator. */
export function createIntakeServer(options: IntakeOptions): { server: Server; drain(): void } {
  let draining = false;

  const acceptJob = async (req: IncomingMessage, res: ServerResponse) => {
    if (draining) return problem(res, 503, "shutting_down", "the runner is shutting down");
    const token = bearerToken(req.headers.authorization);
    if (!token) return problem(res, 401, "unauthorized", "a job token is required");
    let raw: string;
    try {
      raw = await readBody(req);
    } catch (error) {
      if (error instanceof BodyTooLarge) return problem(res, 413, "too_large", "body too large");
      throw error;
    }
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      return problem(res, 400, "invalid_json", "the body is not JSON");
    }
    const parsed = JobMessage.safeParse(json);
    if (!parsed.success) return problem(res, 400, "invalid_job", "the body is not a job message");
    const job = parsed.data;
    try {
      await verifyJobToken(options.jobTokenSecret, token, job);
    } catch (error) {
      if (!(error instanceof JobTokenError)) throw error;
      options.logger.warn(
        {
          deploymentId: job.deploymentId,
          reason: error.message,
        },
        "job token refused",
      );
      return problem(res, 401, "unauthorized", "the job token is not valid for this job");
    }
    const admission = options.scheduler.submit(job);
    if (admission === "shutting-down") {
      return problem(res, 503, "shutting_down", "the runner is shutting down");
    }
    options.logger.info(
      {
        deploymentId: job.deploymentId,
        tenantId: job.tenantId,
        attempt: job.attempt,
        type: job.type,
        duplicate: admission === "duplicate",
      },
      "job accepted",
    );
    send(res, 202, { accepted: true, duplicate: admission === "duplicate" });
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? "/", "http://runner").pathname;
    if (path === "/v1/jobs") {
      if (req.method !== "POST") return problem(res, 405, "method_not_allowed", "use POST");
      return acceptJob(req, res);
    }
    if (path === "/healthz" && req.method === "GET") {
      return send(res, draining ? 503 : 200, {
        status: draining ? "draining" : "ok",
        running: options.scheduler.running,
        queued: options.scheduler.queued,
      });
    }
    if (path === "/metrics" && req.method === "GET") {
      const { contentType, body } = await options.metrics.render();
      return send(res, 200, body, contentType);
    }
    problem(res, 404, "not_found", "no such route");
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      options.logger.error({ path: req.url, ...describeError(error) }, "request failed");
      if (!res.headersSent) problem(res, 500, "internal", "internal error");
      else res.destroy();
    });
  });
  return {
    server,
    drain: () => {
      draining = true;
    },
  };
}

export function listen(server: Server, host: string, port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      const address = server.address() as AddressInfo;
      const shown = address.family === "IPv6" ? `[${address.address}]` : address.address;
      resolve(`http://${shown}:${address.port}`);
    });
  });
}
