// Text modules (see the [[rules]] in wrangler.toml): the viewer ships inside the Worker, so
// /docs needs no CDN and works offline and behind locked-down networks.

import styles from "swagger-ui-dist/swagger-ui.css";
import bundle from "swagger-ui-dist/swagger-ui-bundle.js";
import { OPENAPI_PATH } from "./openapi-path.ts";

export const ASSETS_PATH = "/docs/assets";

/** Starts the viewer on the page; a file rather than an inline script, so the CSP stays 'self'. */
const start = `SwaggerUIBundle({
  url: ${JSON.stringify(OPENAPI_PATH)},
  dom_id: "#reference",
  deepLinking: true,
  // Swagger UI would otherwise send the document to validator.swagger.io.
  validatorUrl: null,
});
`;

export const viewerAssets: Record<string, { body: string; contentType: string }> = {
  "swagger-ui-bundle.js": { body: bundle, contentType: "text/javascript; charset=utf-8" },
  "swagger-ui.css": { body: styles, contentType: "text/css; charset=utf-8" },
  "reference.js": { body: start, contentType: "text/javascript; charset=utf-8" },
};

/** The reference page: only same-origin files, which the Worker serves itself. */
export const referencePage = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Enclave API reference</title>
    <link rel="stylesheet" href="${ASSETS_PATH}/swagger-ui.css" />
  </head>
  <body>
    <div id="reference"></div>
    <script src="${ASSETS_PATH}/swagger-ui-bundle.js"></script>
    <script src="${ASSETS_PATH}/reference.js"></script>
  </body>
</html>
`;

/** Nothing on the page may come from, or go to, another origin. */
export const REFERENCE_CSP =
  "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'";
