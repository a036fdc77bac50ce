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
      "An API key (`enc_live_<prefix>_<secret>`) or a user JWT from your identity provider",
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
  app.doc31(OPENAPI_PATH, {
    openapi: "3.1.0",
    info: {
      title: "Enclave API",
      version: "1.0.0",
      description:
        "One API call to a dedicated, isolated environment per customer. Errors are RFC 9457 application/problem+json.",
    },
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
