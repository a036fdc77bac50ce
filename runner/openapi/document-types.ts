import openapiTS, { astToString, COMMENT_HEADER, type OpenAPI3 } from "openapi-typescript";

const HEADER = `${COMMENT_HEADER.trimEnd()}\n// Regenerate with \`npm run api:generate\`.\n\n`;

/**
 * openapi-typescript's types of the document, exactly as TYPES_FILE holds them. A field with a
 * default stays optional (`defaultNonNullable: false`): the default is the server's to apply,
 * so a request may leave it out.
 */
export const documentTypes = async (document: OpenAPI3): Promise<string> =>
  `${HEADER}${astToString(await openapiTS(document, { defaultNonNullable: false, silent: true }))}`;
