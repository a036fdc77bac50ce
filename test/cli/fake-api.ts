import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { listen } from "../../runner/intake/server.ts";
import type { StreamedEvent } from "../../worker/contracts/index.ts";

export type RecordedRequest = {
  method: string;
  path: string;
  headers: IncomingMessage["headers"];
  body: unknown;
};

export type Handler = (req: RecordedRequest, res: ServerResponse) => void;

/** A stand-in for the edge API on 127.0.0.1: routes by `METHOD /path`, records every request. */
export class FakeApi {
  readonly requests: RecordedRequest[] = [];
  readonly #routes = new Map<string, Handler>();
  readonly #server = createServer((req, res) => this.#handle(req, res));
  url = "";

  async start(): Promise<this> {
    this.url = await listen(this.#server, "127.0.0.1", 0);
    return this;
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise((resolve) => this.#server.close(resolve));
  }

  on(method: string, path: string, handler: Handler): this {
    this.#routes.set(`${method} ${path}`, handler);
    return this;
  }

  json(method: string, path: string, status: number, body: unknown): this {
    return this.on(method, path, (_req, res) => sendJson(res, status, body));
  }

  #handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://fake");
      const text = Buffer.concat(chunks).toString();
      const recorded: RecordedRequest = {
        method: req.method ?? "GET",
        path: `${url.pathname}${url.search}`,
        headers: req.headers,
        body: text ? JSON.parse(text) : undefined,
      };
      this.requests.push(recorded);
      const handler = this.#routes.get(`${recorded.method} ${url.pathname}`);
      if (handler) handler(recorded, res);
      else
        sendProblem(res, 404, { code: "not_found", title: "Not found", detail: "No such route" });
    });
  }
}

export const sendJson = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
};

export const sendProblem = (
  res: ServerResponse,
  status: number,
  problem: { code: string; title: string; detail: string; errors?: unknown[] },
) => {
  res.writeHead(status, {
    "content-type": "application/problem+json",
    "x-request-id": "req_test0001",
  });
  res.end(
    JSON.stringify({
      type: `https://enclave.dev/problems/${problem.code}`,
      status,
      instance: "/v1/test",
      requestId: "req_test0001",
      ...problem,
    }),
  );
};

export const TENANT_ID = "ten_0123456789abcdefghjk";
export const DEPLOYMENT_ID = "dep_0123456789abcdefghjk";
export const EVENTS_PATH = `/v1/deployments/${DEPLOYMENT_ID}/events`;

export const tenant = (overrides: Record<string, unknown> = {}) => ({
  id: TENANT_ID,
  organizationId: "org_0123456789abcdefghjk",
  name: "Acme",
  slug: "acme",
  plan: "starter",
  status: "provisioning",
  statusReason: null,
  labels: {},
  database: null,
  domains: [],
  url: "https://acme.enclave.localhost",
  services: [],
  readyAt: null,
  createdAt: "2025-01-01T00:00:00.000Z",
  updatedAt: "2025-01-01T00:00:00.000Z",
  ...overrides,
});

export const deployment = (overrides: Record<string, unknown> = {}) => ({
  id: DEPLOYMENT_ID,
  tenantId: TENANT_ID,
  kind: "provision",
  status: "queued",
  attempt: 1,
  statusReason: null,
  failedStage: null,
  result: null,
  createdAt: "2025-01-01T00:00:00.000Z",
  startedAt: null,
  finishedAt: null,
  updatedAt: "2025-01-01T00:00:00.000Z",
  links: {
    events: EVENTS_PATH,
    ws: `/v1/deployments/${DEPLOYMENT_ID}/ws`,
  },
  ...overrides,
});

export const operation = () => ({
  tenant: tenant(),
  deployment: deployment(),
  links: deployment().links,
});

type EventSketch = Pick<StreamedEvent, "type" | "stage"> & Partial<StreamedEvent>;

/** Full contract events from sketches, with ids and per-attempt sequence numbers from 1 and 0. */
export const events = (sketches: EventSketch[]): StreamedEvent[] =>
  sketches.map((sketch, index) => ({
    deploymentId: DEPLOYMENT_ID,
    attempt: 1,
    seq: index,
    message: "",
    at: new Date(Date.UTC(2025, 0, 1, 0, 0, index)).toISOString(),
    receivedAt: new Date(Date.UTC(2025, 0, 1, 0, 0, index)).toISOString(),
    id: index + 1,
    ...sketch,
  }));

/** As the progress Durable Object writes them: no `event:` field, the type is in the data. */
export const sseFrame = (event: StreamedEvent) =>
  `id: ${event.id}\ndata: ${JSON.stringify(event)}\n\n`;

const endFrame = (all: StreamedEvent[]) => {
  const last = all.at(-1);
  const ends: Record<string, string> = {
    "deployment.ready": "ready",
    "deployment.failed": "failed",
    "deployment.cancelled": "cancelled",
  };
  const status = ends[last?.type ?? ""] ?? "deleted";
  return `event: end\ndata: ${JSON.stringify({ status, eventId: last?.id })}\n\n`;
};

/**
 * An SSE endpoint that drops the first connection after `dropAfter` events (mid-way through
 * the next one), then serves the rest from the `Last-Event-ID` the client sends back.
 */
export const droppingEventStream = (all: StreamedEvent[], dropAfter: number) => {
  const lastEventIds: (string | undefined)[] = [];
  const handler: Handler = (req, res) => {
    const lastEventId = req.headers["last-event-id"];
    lastEventIds.push(typeof lastEventId === "string" ? lastEventId : undefined);
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
    res.write(": stream open\n\nretry: 10\n\n");
    if (lastEventIds.length === 1) {
      for (const event of all.slice(0, dropAfter)) res.write(sseFrame(event));
      const next = all[dropAfter];
      if (next) res.write(sseFrame(next).slice(0, 40));
      setImmediate(() => res.destroy());
      return;
    }
    const after = Number(lastEventId ?? 0);
    for (const event of all.filter((e) => e.id > after)) res.write(sseFrame(event));
    res.end(endFrame(all));
  };
  return { handler, lastEventIds };
};

/** An SSE endpoint that serves every event and the end frame on one connection. */
export const eventStream =
  (all: StreamedEvent[]): Handler =>
  (_req, res) => {
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
    for (const event of all) res.write(sseFrame(event));
    res.end(endFrame(all));
  };

/** The tenant as the API shows it once ready, with one git service and masked env. */
export const readyTenant = () =>
  tenant({
    status: "active",
    readyAt: "2025-01-01T00:01:00.000Z",
    services: [
      {
        id: "svc_0123456789abcdefghjk",
        name: "web",
        source: {
          type: "git",
          url: "https://github.com/acme/app.git",
          ref: "main",
          path: "apps/web",
        },
        port: 3000,
        healthPath: "/healthz",
        env: { LOG_LEVEL: "********" },
      },
    ],
  });

/** The 202 of a redeploy of the ready tenant. */
export const redeployOperation = () => ({
  tenant: readyTenant(),
  deployment: deployment(),
  links: deployment().links,
});
