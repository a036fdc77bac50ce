import type { ServerResponse } from "node:http";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  ApiError,
  ConnectionError,
  createEnclaveClient,
  type EnclaveClient,
} from "../../runner/cli/api/index.ts";
import { FakeApi, operation, sendJson, sendProblem } from "./fake-api.ts";

const input = {
  name: "Acme",
  slug: "acme",
  services: [
    {
      name: "web",
      source: { type: "image" as const, image: "ghcr.io/acme/web:1" },
      port: 3000,
      healthPath: "/healthz",
    },
  ],
};

/** The connection closes after the request was read, before any answer: a dropped POST. */
const drop = (res: ServerResponse) => res.socket?.destroy();

const inProgress = (res: ServerResponse) =>
  sendProblem(res, 409, {
    code: "idempotency_in_progress",
    title: "A request with this Idempotency-Key is still being processed",
    detail: "retry later",
  });

let api: FakeApi;
let client: EnclaveClient;
beforeEach(async () => {
  api = await new FakeApi().start();
  client = createEnclaveClient({ baseUrl: api.url, apiKey: "enc_test_key" });
});
afterEach(() => api.close());

/** Answers each request with the next handler, the last one from then on. */
const inTurn = (...handlers: ((res: ServerResponse) => void)[]) => {
  let calls = 0;
  return (_req: unknown, res: ServerResponse) => {
    const handler = handlers[Math.min(calls++, handlers.length - 1)];
    handler?.(res);
  };
};

describe("a dropped connection", () => {
  it("sends a create again with the same Idempotency-Key and returns its answer", async () => {
    api.on(
      "POST",
      "/v1/tenants",
      inTurn(drop, drop, (res) => sendJson(res, 202, operation())),
    );
    await expect(client.tenants.create(input, { idempotencyKey: "create-acme" })).resolves.toEqual(
      operation(),
    );
    expect(api.requests.map((r) => r.headers["idempotency-key"])).toEqual([
      "create-acme",
      "create-acme",
      "create-acme",
    ]);
    expect(api.requests.every((r) => JSON.stringify(r.body) === JSON.stringify(input))).toBe(true);
  });

  it("waits while the first request with the key is still in progress", async () => {
    api.on(
      "POST",
      "/v1/tenants",
      inTurn(drop, inProgress, (res) => sendJson(res, 202, operation())),
    );
    await expect(client.tenants.create(input, { idempotencyKey: "create-acme" })).resolves.toEqual(
      operation(),
    );
    expect(api.requests).toHaveLength(3);
  });

  it("is not retried for a write without an Idempotency-Key", async () => {
    api.on("PATCH", "/v1/tenants/acme", inTurn(drop));
    await expect(client.tenants.update("acme", { name: "Acme 2" })).rejects.toBeInstanceOf(
      ConnectionError,
    );
    expect(api.requests).toHaveLength(1);
  });

  it("gives up after its attempts with a ConnectionError", async () => {
    api.on("POST", "/v1/tenants", inTurn(drop));
    await expect(
      client.tenants.create(input, { idempotencyKey: "create-acme" }),
    ).rejects.toBeInstanceOf(ConnectionError);
    expect(api.requests).toHaveLength(6);
  });

  it("never repeats a request the API answered with an error", async () => {
    api.on("POST", "/v1/tenants", (_req, res) =>
      sendProblem(res, 409, {
        code: "slug_taken",
        title: "The slug is already in use",
        detail: "acme",
      }),
    );
    await expect(
      client.tenants.create(input, { idempotencyKey: "create-acme" }),
    ).rejects.toBeInstanceOf(ApiError);
    expect(api.requests).toHaveLength(1);
  });
});
