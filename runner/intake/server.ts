import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { getRequestListener } from "@hono/node-server";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { requestId } from "hono/request-id";
import { JobMessage } from "../../worker/contracts/index.ts";
import type { DetectionPreviewer } from "../analysis/preview-detections.ts";
import type { Kube } from "../kube/client.ts";
import { describeError, type Logger } from "../log/logger.ts";
import type { RunnerMetrics } from "../metrics/registry.ts";
import { bearerToken, JobTokenError, verifyJobToken } from "./auth.ts";
import { detectionsHandler } from "./detections.ts";
import { logsRoute } from "./logs-route.ts";
import { type IntakeEnv, problem } from "./problem.ts";
import type { JobScheduler } from "./scheduler.ts";

/** A job message is four short fields; anything much larger is not one. */
const MAX_BODY_BYTES = 16 * 1024;
/** A detection request: up to a tenant's sources and the operator's detection rules. */
const MAX_DETECTION_BODY_BYTES = 256 * 1024;
/**
 * How long an idle connection from the edge stays open. It must outlast the idle time of the
 * client's connection pool (workerd's, or a load balancer's, commonly 60 s): a server that
 * closes first races the client's next request on that connection, which then fails as
 * "runner unreachable" and the job waits for the Queue's retry. Node's default is 5 s, which
 * a burst of jobs dispatched after a pause hit every time.
 */
export const INTAKE_KEEP_ALIVE_MS = 65_000;

export interface IntakeOptions {
  host: string;
  port: number;
  jobTokenSecret: string;
  scheduler: JobScheduler;
  previewer: DetectionPreviewer;
  metrics: RunnerMetrics;
  logger: Logger;
  /** The cluster the runner deploys to, whose pod logs GET /v1/logs reads. */
  kube: Kube;
}

/**
 * The runner's HTTP face: job intake, detection previews and runtime logs for the edge, health
 * and metrics for the operator.
 */
export function createIntakeServer(options: IntakeOptions): { server: Server; drain(): void } {
  let draining = false;
  const app = new Hono<IntakeEnv>();
  app.use(requestId());

  app.post(
    "/v1/jobs",
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: (c) => problem(c, "payload_too_large", "body too large"),
    }),
    async (c) => {
      if (draining) return problem(c, "queue_unavailable", "the runner is shutting down");
      const token = bearerToken(c.req.header("authorization"));
      if (!token) return problem(c, "unauthenticated", "a job token is required");
      let json: unknown;
      try {
        json = await c.req.json();
      } catch {
        return problem(c, "malformed_body", "the body is not JSON");
      }
      const parsed = JobMessage.safeParse(json);
      if (!parsed.success) return problem(c, "validation_failed", "the body is not a job message");
      const job = parsed.data;
      try {
        await verifyJobToken(options.jobTokenSecret, token, job);
      } catch (error) {
        if (!(error instanceof JobTokenError)) throw error;
        options.logger.warn(
          { deploymentId: job.deploymentId, reason: error.message },
          "job token refused",
        );
        return problem(c, "unauthenticated", "the job token is not valid for this job");
      }
      const admission = options.scheduler.submit(job);
      if (admission === "shutting-down") {
        return problem(c, "queue_unavailable", "the runner is shutting down");
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
      return c.json({ accepted: true, duplicate: admission === "duplicate" }, 202);
    },
  );

  app.post(
    "/v1/detections",
    bodyLimit({
      maxSize: MAX_DETECTION_BODY_BYTES,
      onError: (c) => problem(c, "payload_too_large", "body too large"),
    }),
    detectionsHandler({
      jobTokenSecret: options.jobTokenSecret,
      previewer: options.previewer,
      logger: options.logger,
      draining: () => draining,
    }),
  );

  app.get(
    "/v1/logs",
    logsRoute({
      jobTokenSecret: options.jobTokenSecret,
      kube: options.kube,
      logger: options.logger,
    }),
  );

  app.get("/healthz", (c) =>
    c.json(
      {
        status: draining ? "draining" : "ok",
        running: options.scheduler.running,
        queued: options.scheduler.queued,
      },
      draining ? 503 : 200,
    ),
  );

  app.get("/metrics", async (c) => {
    const { contentType, body } = await options.metrics.render();
    return c.body(body, 200, { "content-type": contentType });
  });

  app.notFound((c) => problem(c, "not_found", "no such route"));
  app.onError((error, c) => {
    options.logger.error({ path: c.req.path, ...describeError(error) }, "request failed");
    return problem(c, "internal_error", "internal error");
  });

  // The runner shares its process with undici clients: Hono's lighter Request/Response stay local.
  const server = createServer(
    { keepAliveTimeout: INTAKE_KEEP_ALIVE_MS, headersTimeout: INTAKE_KEEP_ALIVE_MS + 1_000 },
    getRequestListener(app.fetch, { overrideGlobalObjects: false }),
  );
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
