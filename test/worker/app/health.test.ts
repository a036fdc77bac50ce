import { exports } from "cloudflare:workers";
import { expect, it } from "vitest";

it("answers GET /v1/health without credentials through the Worker entry point", async () => {
  const res = await exports.default.fetch("http://x/v1/health");
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ status: "ok", mode: "local" });
  expect(res.headers.get("x-request-id")).toMatch(/^req_/);
});
