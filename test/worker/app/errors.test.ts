import { describe, expect, it } from "vitest";
import { MAX_BODY_BYTES } from "../../../worker/middleware/body-guard.ts";
import { createOrg, problem, request, tenantBody } from "../harness.ts";

describe("problem responses", () => {
  it("answers an unknown route with a 404 problem+json and a request id", async () => {
    const res = await request("/v1/nope");
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    const body = await problem(res);
    expect(body).toMatchObject({
      type: "https://enclave.dev/problems/not_found",
      status: 404,
      code: "not_found",
    });
    expect(body.requestId).toBe(res.headers.get("x-request-id"));
  });

  it("keeps a sane caller-supplied request id and replaces an unsafe one", async () => {
    const kept = await request("/v1/health", { headers: { "x-request-id": "trace-1234abcd" } });
    expect(kept.headers.get("x-request-id")).toBe("trace-1234abcd");
    const replaced = await request("/v1/health", {
      headers: { "x-request-id": "bad id\twith spaces" },
    });
    expect(replaced.headers.get("x-request-id")).toMatch(/^req_[0-9a-z]{24}$/);
  });

  it("refuses an oversized body with 413", async () => {
    const org = await createOrg();
    const res = await request("/v1/tenants", {
      method: "POST",
      headers: { ...org.headers, "content-type": "application/json" },
      body: JSON.stringify({ ...tenantBody(), padding: "x".repeat(MAX_BODY_BYTES) }),
    });
    expect(res.status).toBe(413);
    expect((await problem(res)).code).toBe("payload_too_large");
  });

  it("refuses a body that is not JSON with 415", async () => {
    const org = await createOrg();
    const res = await request("/v1/tenants", {
      method: "POST",
      headers: { ...org.headers, "content-type": "text/plain" },
      body: JSON.stringify(tenantBody()),
    });
    expect(res.status).toBe(415);
    expect((await problem(res)).code).toBe("unsupported_media_type");
  });

  it("refuses malformed JSON with 400 and does not echo the body", async () => {
    const org = await createOrg();
    const res = await request("/v1/tenants", {
      method: "POST",
      headers: { ...org.headers, "content-type": "application/json" },
      body: '{"name": "secret-marker", ',
    });
    expect(res.status).toBe(400);
    const text = await res.text();
    expect(JSON.parse(text).code).toBe("malformed_body");
    expect(text).not.toContain("secret-marker");
  });

  it("lists the field paths of validation failures without stack traces", async () => {
    const org = await createOrg();
    const res = await request("/v1/tenants", {
      method: "POST",
      headers: org.headers,
      json: tenantBody({ slug: "Not A Label", services: [{ name: "web" }] }),
    });
    expect(res.status).toBe(400);
    const body = await problem(res);
    expect(body.code).toBe("validation_failed");
    const paths = body.errors?.map((e) => e.path) ?? [];
    expect(paths).toEqual(expect.arrayContaining(["slug", "services.0.source"]));
    expect(JSON.stringify(body)).not.toMatch(/at .*\.ts:\d+|stack/i);
    // A web service's port is checked once its fields are otherwise valid.
    const { port: _port, ...portless } = tenantBody().services[0] as Record<string, unknown>;
    const web = await request("/v1/tenants", {
      method: "POST",
      headers: org.headers,
      json: tenantBody({ services: [portless] }),
    });
    expect(web.status).toBe(400);
    expect((await problem(web)).errors?.map((e) => e.path)).toContain("services.0.port");
  });
});
