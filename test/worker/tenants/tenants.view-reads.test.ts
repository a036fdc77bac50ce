import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { createOrg, createTenant, request } from "../harness.ts";

/** The SQL of every statement the Worker prepares from now on, on the database or a session. */
function recordStatements(): string[] {
  const statements: string[] = [];
  const record = <T extends D1Database | D1DatabaseSession>(handle: T): T => {
    const prepare = handle.prepare.bind(handle);
    vi.spyOn(handle as D1Database, "prepare").mockImplementation((sql: string) => {
      statements.push(sql);
      return prepare(sql);
    });
    return handle;
  };
  record(env.DB);
  const withSession = env.DB.withSession.bind(env.DB);
  vi.spyOn(env.DB, "withSession").mockImplementation((constraint) =>
    record(withSession(constraint)),
  );
  return statements;
}

const SEALED_OR_RECORDED = /env_ciphertext|database_password_ciphertext|"erasure"|"result"/;

describe("a tenant's view", () => {
  it("reads none of the sealed values or recorded results it never shows", async () => {
    const org = await createOrg();
    // Its service has sealed variables and its database a sealed password.
    const { tenant } = await createTenant(org);
    const statements = recordStatements();
    for (const path of [`/v1/tenants/${tenant.id}`, `/v1/tenants/${tenant.slug}`, "/v1/tenants"]) {
      const res = await request(path, { headers: org.headers });
      expect(res.status, path).toBe(200);
    }
    const reads = statements.filter((sql) => /from "(tenants|services|deployments)"/.test(sql));
    expect(reads.length).toBeGreaterThan(0);
    expect(reads.filter((sql) => SEALED_OR_RECORDED.test(sql))).toEqual([]);
  });

  it("is one statement beside the key's lookup, in one round trip", async () => {
    const org = await createOrg();
    const { tenant } = await createTenant(org);
    const statements = recordStatements();
    const batch = vi.spyOn(env.DB, "batch");
    const res = await request(`/v1/tenants/${tenant.id}`, { headers: org.headers });
    expect(res.status).toBe(200);
    const reads = statements.filter((sql) => sql.startsWith("select"));
    expect(reads).toHaveLength(2);
    expect(
      reads.filter((sql) => /from "api_keys" inner join "organizations"/.test(sql)),
    ).toHaveLength(1);
    expect(batch).toHaveBeenCalledTimes(1);
  });
});
