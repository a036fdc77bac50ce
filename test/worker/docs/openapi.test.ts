import { describe, expect, it } from "vitest";
import { app } from "../../../worker/app.ts";
import { BACKUP_OBJECTS_PATH } from "../../../worker/backups/signed-url.ts";
import checkedIn from "../../../worker/contracts/openapi.json" with { type: "json" };
import { request } from "../harness.ts";

interface OpenApiDocument {
  openapi: string;
  info: { license?: { name: string } };
  servers?: { url: string }[];
  tags?: { name: string }[];
  paths: Record<
    string,
    Record<string, { operationId?: string; tags?: string[]; responses: Record<string, unknown> }>
  >;
  components: { schemas: Record<string, unknown>; securitySchemes: Record<string, unknown> };
}

const EXPECTED_OPERATIONS = [
  "get /v1/health",
  "post /v1/tenants",
  "get /v1/tenants",
  "get /v1/tenants/{id}",
  "patch /v1/tenants/{id}",
  "delete /v1/tenants/{id}",
  "get /v1/tenants/{id}/deployments",
  "get /v1/deployments/{id}",
  "post /v1/api-keys",
  "get /v1/api-keys",
  "delete /v1/api-keys/{id}",
  "get /v1/audit",
  "post /v1/admin/organizations",
  "get /v1/admin/organizations",
];

describe("GET /v1/openapi.json", () => {
  it("is an OpenAPI 3.1 document covering every route, with problem responses", async () => {
    const res = await request("/v1/openapi.json");
    expect(res.status).toBe(200);
    const doc = (await res.json()) as OpenApiDocument;
    expect(doc.openapi).toBe("3.1.0");
    const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method} ${path}`),
    );
    expect(operations).toEqual(expect.arrayContaining(EXPECTED_OPERATIONS));
    // Every route the app serves, read from the router itself, is documented.
    const served = app.routes
      .filter(
        (route) =>
          route.method !== "ALL" &&
          route.path !== "/v1/openapi.json" &&
          !route.path.startsWith("/docs") &&
          // Short-lived URLs the edge signs for backup Jobs, as an object store's presigned
          // URLs are: the token is the credential, and no caller builds them from the document.
          !route.path.startsWith(`${BACKUP_OBJECTS_PATH}/`),
      )
      .map((route) => `${route.method.toLowerCase()} ${route.path.replace(/:(\w+)/g, "{$1}")}`);
    expect(served.length).toBeGreaterThan(EXPECTED_OPERATIONS.length);
    expect(operations).toEqual(expect.arrayContaining(served));
    expect(doc.components.schemas).toHaveProperty("Problem");
    expect(doc.components.schemas).toHaveProperty("Tenant");
    expect(doc.components.securitySchemes).toHaveProperty("provider");
    expect(doc.paths["/v1/tenants"]?.post?.responses).toHaveProperty("422");
  });
});

describe("worker/contracts/openapi.json", () => {
  it("is the document the Worker serves (else run `npm run api:generate`)", async () => {
    const served = await (await request("/v1/openapi.json")).json();
    expect(served).toEqual(checkedIn);
  });
});

describe("the document for tools", () => {
  it("names every operation with a unique camelCase verb and files it under a declared tag", async () => {
    const doc = (await (await request("/v1/openapi.json")).json()) as OpenApiDocument;
    const operations = Object.values(doc.paths).flatMap((methods) => Object.values(methods));
    const ids = operations.map((operation) => operation.operationId);
    expect(ids.filter((id) => !/^[a-z]+[A-Z][A-Za-z]*$/.test(id ?? ""))).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
    const declared = (doc.tags ?? []).map((tag) => tag.name);
    const used = new Set(operations.flatMap((operation) => operation.tags ?? []));
    expect(declared.toSorted()).toEqual([...used].toSorted());
    expect(operations.every((operation) => operation.tags?.length === 1)).toBe(true);
    expect(doc.servers).not.toHaveLength(0);
    expect(doc.info.license?.name).toBe("Apache-2.0");
  });
});

describe("GET /docs", () => {
  it("serves an HTML reference page whose every asset is same-origin and served by the Worker", async () => {
    const res = await request("/docs");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/html");
    // The browser may load nothing from elsewhere, so a CDN cannot creep back in unnoticed.
    expect(res.headers.get("content-security-policy")).toContain("default-src 'self'");
    const page = await res.text();
    const references = [...page.matchAll(/\b(?:src|href)="([^"]*)"/g)].map((m) => m[1] ?? "");
    expect(references.length).toBeGreaterThanOrEqual(3);
    for (const reference of references) expect(reference).toMatch(/^\/[^/]/);

    const bodies = new Map<string, string>();
    for (const reference of references) {
      const asset = await request(reference);
      expect(asset.status, reference).toBe(200);
      expect(asset.headers.get("content-type"), reference).toMatch(/^text\/(javascript|css)/);
      bodies.set(reference, await asset.text());
    }
    const scripts = [...bodies].filter(([path]) => path.endsWith(".js")).map(([, body]) => body);
    expect(scripts.some((body) => body.includes("SwaggerUIBundle") && body.length > 500_000)).toBe(
      true,
    );
    const start = scripts.find((body) => body.includes("/v1/openapi.json"));
    expect(start).toContain("validatorUrl: null");
    expect([...bodies.values()].join("\n")).not.toMatch(
      /cdn\.jsdelivr|unpkg\.com|fonts\.googleapis/,
    );
  });

  it("answers an unknown asset with a problem 404", async () => {
    const res = await request("/docs/assets/nothing.js");
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
  });
});
