import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  ApiError,
  ConnectionError,
  createEnclaveClient,
  type EnclaveClient,
  EventStreamError,
} from "../../runner/cli/api/index.ts";
import type { StreamedEvent } from "../../worker/contracts/index.ts";
import {
  DEPLOYMENT_ID,
  deployment,
  droppingEventStream,
  EVENTS_PATH,
  events,
  FakeApi,
  sendJson,
  sendProblem,
  sseFrame,
  tenant,
} from "./fake-api.ts";

const all = events([
  { stage: "namespace", type: "stage.started" },
  { stage: "namespace", type: "stage.completed" },
  { stage: "build", type: "stage.started" },
  { stage: null, type: "deployment.ready", data: { url: "https://acme.enclave.localhost" } },
]);

let api: FakeApi;
let client: EnclaveClient;
beforeEach(async () => {
  api = await new FakeApi().start();
  client = createEnclaveClient({ baseUrl: `${api.url}/`, apiKey: "enc_test_key" });
});
afterEach(() => api.close());

const collect = async (stream: AsyncIterable<StreamedEvent>) => {
  const seen: StreamedEvent[] = [];
  for await (const event of stream) seen.push(event);
  return seen;
};

describe("deployment events", () => {
  it("resumes after a drop with Last-Event-ID and yields each event once", async () => {
    const stream = droppingEventStream(all, 2);
    api.on("GET", EVENTS_PATH, stream.handler);
    const seen = await collect(client.deployments.events(DEPLOYMENT_ID));
    expect(seen.map((e) => e.id)).toEqual([1, 2, 3, 4]);
    expect(stream.lastEventIds).toEqual([undefined, "2"]);
  });

  it("skips events a server replays again after reconnecting", async () => {
    let connections = 0;
    api.on("GET", EVENTS_PATH, (_req, res) => {
      connections++;
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write("retry: 1\n\n");
      const upTo = connections === 1 ? 2 : all.length;
      for (const event of all.slice(0, upTo)) res.write(sseFrame(event));
      if (upTo === all.length) res.write('event: end\ndata: {"status":"ready","eventId":4}\n\n');
      res.end();
    });
    const seen = await collect(client.deployments.events(DEPLOYMENT_ID));
    expect(seen.map((e) => e.id)).toEqual([1, 2, 3, 4]);
  });

  it("reads past a superseded attempt's terminal event until the server's end", async () => {
    const retried = [
      ...all.slice(0, 2),
      { ...all[1], id: 3, attempt: 1, type: "deployment.failed" as const, message: "lost" },
      { ...all[1], id: 4, attempt: 2, seq: 0, type: "deployment.ready" as const, stage: null },
    ] as StreamedEvent[];
    api.on("GET", EVENTS_PATH, (_req, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      for (const event of retried) res.write(sseFrame(event));
      res.end('event: end\ndata: {"status":"ready","eventId":4}\n\n');
    });
    const seen = await collect(client.deployments.events(DEPLOYMENT_ID));
    expect(seen.map((e) => e.type).slice(-2)).toEqual(["deployment.failed", "deployment.ready"]);
  });

  it("ends quietly when resumed after the terminal event (only `end` arrives)", async () => {
    api.on("GET", EVENTS_PATH, (_req, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.end('event: end\ndata: {"status":"ready","eventId":4}\n\n');
    });
    expect(await collect(client.deployments.events(DEPLOYMENT_ID, { lastEventId: 4 }))).toEqual([]);
    expect(api.requests[0]?.headers["last-event-id"]).toBe("4");
  });

  it("gives up after the allowed reconnections, saying where to resume", async () => {
    api.on("GET", EVENTS_PATH, (_req, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.end(sseFrame(all[0] as StreamedEvent));
    });
    const stream = client.deployments.events(DEPLOYMENT_ID, {
      maxReconnects: 2,
      reconnectDelayMs: 1,
    });
    const error = await collect(stream).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EventStreamError);
    expect((error as EventStreamError).lastEventId).toBe(1);
    expect(api.requests).toHaveLength(3);
  });

  it("does not retry a 404", async () => {
    const error = await collect(client.deployments.events(DEPLOYMENT_ID)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(404);
    expect(api.requests).toHaveLength(1);
  });

  it("rejects an event that breaks the contract", async () => {
    api.on("GET", EVENTS_PATH, (_req, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.end('id: 1\ndata: {"type":"stage.started"}\n\n');
    });
    await expect(collect(client.deployments.events(DEPLOYMENT_ID))).rejects.toThrow(
      /does not match the event contract/,
    );
  });
});

describe("requests and errors", () => {
  it("parses problem+json into ApiError with field errors and the request id", async () => {
    api.on("POST", "/v1/api-keys", (_req, res) =>
      sendProblem(res, 400, {
        code: "validation_failed",
        title: "The request is invalid",
        detail: "The request is invalid",
        errors: [{ path: "scopes.0", message: "Invalid option" }],
      }),
    );
    const error = await client.apiKeys
      .create({ name: "ci", scopes: ["read"] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 400,
      code: "validation_failed",
      title: "The request is invalid",
      fieldErrors: [{ path: "scopes.0", message: "Invalid option" }],
      requestId: "req_test0001",
    });
  });

  it("turns a non-JSON error body into a readable ApiError", async () => {
    api.on("GET", "/v1/tenants", (_req, res) => {
      res.writeHead(502, { "content-type": "text/html" });
      res.end("<html>Bad gateway</html>");
    });
    await expect(client.tenants.list()).rejects.toMatchObject({ status: 502, code: "http_502" });
  });

  it("reports an unreachable API as a ConnectionError", async () => {
    await api.close();
    await expect(client.tenants.get("ten_x")).rejects.toBeInstanceOf(ConnectionError);
  });

  it("listAll follows nextCursor to the last page", async () => {
    api.on("GET", "/v1/tenants", (req, res) => {
      const cursor = new URL(req.path, "http://x").searchParams.get("cursor");
      if (!cursor) return sendJson(res, 200, { data: [tenant({ slug: "a" })], nextCursor: "c1" });
      sendJson(res, 200, { data: [tenant({ slug: "b" })], nextCursor: null });
    });
    const slugs: string[] = [];
    for await (const t of client.tenants.listAll({ status: "active" })) slugs.push(t.slug);
    expect(slugs).toEqual(["a", "b"]);
    expect(api.requests.map((r) => r.path)).toEqual([
      "/v1/tenants?status=active",
      "/v1/tenants?status=active&cursor=c1",
    ]);
  });

  it("sends the bearer key and asks for JSON or problem+json", async () => {
    api.json("GET", `/v1/deployments/${DEPLOYMENT_ID}`, 200, deployment());
    expect(await client.deployments.get(DEPLOYMENT_ID)).toEqual(deployment());
    expect(api.requests[0]?.headers).toMatchObject({
      authorization: "Bearer enc_test_key",
      accept: "application/json, application/problem+json",
    });
  });
});
