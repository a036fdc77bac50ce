/**
 * `npm run api:generate`: writes the OpenAPI document the Worker serves to
 * worker/contracts/openapi.json and its TypeScript types to worker/contracts/openapi.d.ts.
 * Tests fail while either is stale.
 */
import { writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import type { OpenAPI3 } from "openapi-typescript";
import { DOCUMENT_FILE, documentText, TYPES_FILE } from "./contract-files.ts";
import { documentTypes } from "./document-types.ts";
import { servedDocument } from "./served-document.ts";

const document = (await servedDocument(
  fileURLToPath(new URL("../../wrangler.toml", import.meta.url)),
)) as OpenAPI3;
await writeFile(DOCUMENT_FILE, documentText(document));
await writeFile(TYPES_FILE, await documentTypes(document));
console.log(`wrote ${DOCUMENT_FILE}\nwrote ${TYPES_FILE}`);
