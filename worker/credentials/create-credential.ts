import { and, eq } from "drizzle-orm";
import type { CreateCredentialBody } from "../contracts/api/credentials.ts";
import { TenantSecrets } from "../crypto/tenant-secrets.ts";
import { auditInsert, principalAudit } from "../db/audit.ts";
import { findOwnedTenant } from "../db/ownership.ts";
import { credentials } from "../db/schema.ts";
import { ApiError } from "../errors/api-error.ts";
import { newId } from "../lib/ids.ts";
import type { ProviderScope } from "../lib/request-scope.ts";
import { nowIso } from "../lib/time.ts";
import { credentialSlot } from "./credential-slot.ts";
import { credentialChange } from "./credential-view.ts";

const secretOf = (body: CreateCredentialBody) =>
  body.kind === "git"
    ? { token: body.token }
    : { username: body.username, password: body.password };

const nameTaken = (name: string) =>
  new ApiError("invalid_state", `The tenant already has a credential named ${name}`);

/** Two requests adding the same name at once: the unique index refuses the later one. */
const isNameConflict = (error: unknown): boolean =>
  /UNIQUE constraint failed: credentials\.tenant_id, credentials\.name/.test(
    String((error as { cause?: unknown }).cause ?? error),
  );

/**
 * Seals the secret with the tenant's data key, bound to the new row, and records who added
 * which credential (its name and kind, never the secret). Names are unique per tenant.
 */
export async function createCredential(
  scope: ProviderScope,
  tenantId: string,
  body: CreateCredentialBody,
) {
  const { env, db, principal, requestId } = scope;
  const tenant = await findOwnedTenant(db, principal.organizationId, tenantId);
  if (tenant.status === "deleting" || tenant.status === "deleted") {
    throw new ApiError("invalid_state", `The tenant is ${tenant.status}`);
  }
  const [taken] = await db
    .select({ id: credentials.id })
    .from(credentials)
    .where(and(eq(credentials.tenantId, tenant.id), eq(credentials.name, body.name)))
    .limit(1);
  if (taken) throw nameTaken(body.name);
  const id = newId("credential");
  const secrets = await TenantSecrets.load(db, env, tenant);
  const row = {
    id,
    tenantId: tenant.id,
    organizationId: tenant.organizationId,
    name: body.name,
    kind: body.kind,
    host: body.kind === "git" ? (body.host ?? null) : body.server,
    secretCiphertext: await secrets.seal(credentialSlot({ id, name: body.name }), secretOf(body)),
    createdAt: nowIso(),
  };
  const written = db.batch([
    db.insert(credentials).values(row),
    auditInsert(
      db,
      principalAudit(principal, requestId, "credential.create", "credential", id, {
        tenantId: tenant.id,
        name: row.name,
        kind: row.kind,
        host: row.host,
      }),
    ),
  ]);
  await written.catch((error: unknown) => {
    throw isNameConflict(error) ? nameTaken(body.name) : error;
  });
  return credentialChange(row);
}
