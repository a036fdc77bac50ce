import { fileURLToPath } from "node:url";

/** The served OpenAPI document, checked in so clients and linters read it without a Worker. */
export const DOCUMENT_FILE = fileURLToPath(
  new URL("../../worker/contracts/openapi.json", import.meta.url),
);

/** TypeScript types of that document, shared by the CLI's client and the dashboard. */
export const TYPES_FILE = fileURLToPath(
  new URL("../../worker/contracts/openapi.d.ts", import.meta.url),
);

/** The document as written to DOCUMENT_FILE: stable formatting, so a diff shows API changes. */
export const documentText = (document: unknown): string => `${JSON.stringify(document, null, 2)}\n`;
