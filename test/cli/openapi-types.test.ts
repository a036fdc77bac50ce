import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { DOCUMENT_FILE, TYPES_FILE } from "../../runner/openapi/contract-files.ts";
import { documentTypes } from "../../runner/openapi/document-types.ts";

describe("worker/contracts/openapi.d.ts", () => {
  it("is openapi-typescript's output for the checked-in document (else run `npm run api:generate`)", async () => {
    const document = JSON.parse(await readFile(DOCUMENT_FILE, "utf8"));
    expect(await documentTypes(document)).toBe(await readFile(TYPES_FILE, "utf8"));
  });
});
