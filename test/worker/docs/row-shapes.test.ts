import { getTableColumns, type Table } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import {
  apiKeys,
  auditLog,
  deployments,
  organizations,
  tenants,
} from "../../../worker/db/schema.ts";
import { request } from "../harness.ts";

interface SchemaObject {
  properties: Record<string, unknown>;
}

/** Each documented row shape and the columns the API deliberately keeps to itself. */
const ROW_SHAPES: [string, Table, string[]][] = [
  ["Organization", organizations, []],
  ["ApiKey", apiKeys, ["organizationId", "secretHash"]],
  [
    "Tenant",
    tenants,
    [
      "organizationId",
      "databaseEngine",
      "databaseVersion",
      "databasePooling",
      "databasePasswordCiphertext",
      "databasePasswordRotatedAt",
      "lastDeploymentId",
      "servingDeploymentId",
      "deletedAt",
      "envCiphertext",
      "envKeys",
      "erasure",
    ],
  ],
  ["Deployment", deployments, ["organizationId", "services"]],
  ["AuditEntry", auditLog, ["organizationId"]],
];

describe("documented row shapes", () => {
  it.each(ROW_SHAPES)(
    "%s shows every column of its table but the private ones",
    async (name, table, hidden) => {
      const doc = (await (await request("/v1/openapi.json")).json()) as {
        components: { schemas: Record<string, SchemaObject> };
      };
      const shown = Object.keys(doc.components.schemas[name]?.properties ?? {});
      const columns = Object.keys(getTableColumns(table));
      expect(shown).toEqual(expect.arrayContaining(columns.filter((c) => !hidden.includes(c))));
      for (const column of hidden) expect(shown).not.toContain(column);
    },
  );
});
