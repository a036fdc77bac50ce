import { createRouter } from "../../lib/router.ts";
import { OPENAPI_PATH } from "./openapi-path.ts";
import { ASSETS_PATH, REFERENCE_CSP, referencePage, viewerAssets } from "./viewer-assets.ts";

export { OPENAPI_PATH };

/** The OpenAPI 3.1 document, generated from the same zod schemas that validate requests. */
export function registerOpenApi(app: ReturnType<typeof createRouter>): void {
  app.openAPIRegistry.registerComponent("securitySchemes", "provider", {
    type: "http",
    scheme: "bearer",
    description:
      "An API key (`enc_live_<prefix>_<secret>`) or a user JWT from your identity provider. " +
      "Each operation names the scope it needs (`read`, `write` or `admin`; admin includes " +
      "write, write includes read).",
  });
  app.openAPIRegistry.registerComponent("securitySchemes", "operator", {
    type: "http",
    scheme: "bearer",
    description: "The platform operator token (organization management only)",
  });
  app.openAPIRegistry.registerComponent("securitySchemes", "runner", {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
    description: "A short-lived HS256 token signed by the runner (audience `enclave-edge`)",
  });
  app.openAPIRegistry.registerComponent("securitySchemes", "ticket", {
    type: "apiKey",
    in: "query",
    name: "ticket",
    description:
      "A single-use WebSocket ticket from `POST /v1/deployments/{id}/ticket`, valid 30 seconds",
  });
  app.doc31(OPENAPI_PATH, {
    openapi: "3.1.0",
    info: {
      title: "Enclave API",
      version: "1.0.0",
      description:
        "One API call to a dedicated, isolated environment per customer. Errors are RFC 9457 application/problem+json.",
      license: { name: "Apache-2.0", url: "https://www.apache.org/licenses/LICENSE-2.0" },
    },
    // Relative: the document is served by the Enclave it describes, wherever that runs.
    servers: [{ url: "/", description: "The Enclave serving this document" }],
    tags: [
      { name: "health", description: "Liveness, without authentication" },
      { name: "tenants", description: "Tenants: create, read, change and delete" },
      { name: "services", description: "A tenant's services: source, port, health path, env" },
      {
        name: "env",
        description:
          "Environment variables: shared by a tenant's services or a service's own, masked unless revealed",
      },
      {
        name: "credentials",
        description: "A tenant's git tokens and image registry logins, never shown again",
      },
      {
        name: "database",
        description: "A tenant's database: connection, pooling, password rotation",
      },
      {
        name: "domains",
        description: "A tenant's custom domains: DNS records to create, verification, status",
      },
      { name: "network-rules", description: "Egress a tenant's pods may open beyond the default" },
      {
        name: "backups",
        description: "A tenant's database backups: on demand or scheduled, encrypted, restorable",
      },
      { name: "deployments", description: "Deployments and their live progress" },
      { name: "api-keys", description: "The organization's API keys" },
      { name: "audit", description: "The organization's audit log" },
      { name: "session", description: "The dashboard's sign-in, held in an HttpOnly cookie" },
      {
        name: "webhooks",
        description: "Signed event deliveries to the provider's backend, and their attempts",
      },
      { name: "plans", description: "The plans tenants can be on and what each buys" },
      { name: "organization", description: "The organization and its members (JWT subjects)" },
      { name: "usage", description: "Usage per day, for billing" },
      { name: "admin", description: "Platform operation, with the operator token" },
      { name: "internal", description: "The runner's API, with runner tokens only" },
    ],
  });
}

export default createRouter()
  .get("/docs", (c) => {
    c.header("Content-Security-Policy", REFERENCE_CSP);
    return c.html(referencePage);
  })
  .get(`${ASSETS_PATH}/:name`, (c) => {
    const asset = viewerAssets[c.req.param("name")];
    if (!asset) return c.notFound();
    return c.body(asset.body, 200, {
      "Content-Type": asset.contentType,
      "Cache-Control": "public, max-age=3600",
    });
  });
