import { and, asc, eq, isNull } from "drizzle-orm";
import { issueApiKey } from "../auth/issue-key.ts";
import type { Session } from "../contracts/api/session.ts";
import { DEVELOPMENT_ORGANIZATION_NAME } from "../contracts/index.ts";
import { auditInsert } from "../db/audit.ts";
import type { Database } from "../db/client.ts";
import { apiKeys, organizations } from "../db/schema.ts";
import { ApiError } from "../errors/api-error.ts";
import { nowIso } from "../lib/time.ts";
import type { SessionScope } from "./session-scope.ts";

/** Keys issued by the local sign-in carry this name; signing out revokes them. */
export const LOCAL_SESSION_KEY_NAME = "dashboard session (local sign-in)";
export const LOCAL_SESSION_ACTOR = "dashboard";

/**
 * The local stack's development organization signs in without typing anything: a fresh admin
 * key of that organization becomes the session. Only under ENCLAVE_MODE=local, where the
 * machine itself is the trust boundary (it already clones local folders).
 */
export async function localSignIn(
  { env, db }: Pick<SessionScope, "env" | "db">,
  requestId: string,
): Promise<{ key: string; session: Session }> {
  if (env.ENCLAVE_MODE !== "local") throw new ApiError("not_found", "No such route");
  const [organization] = await db
    .select({ id: organizations.id })
    .from(organizations)
    .where(eq(organizations.name, DEVELOPMENT_ORGANIZATION_NAME))
    .orderBy(asc(organizations.createdAt))
    .limit(1);
  if (!organization) {
    throw new ApiError("not_found", "There is no development organization: start with npm start");
  }
  const issued = await issueApiKey(db, env, {
    organizationId: organization.id,
    name: LOCAL_SESSION_KEY_NAME,
    scopes: ["read", "write", "admin"],
    createdBy: LOCAL_SESSION_ACTOR,
  });
  await db.batch([
    issued.insert,
    auditInsert(db, {
      organizationId: organization.id,
      actor: LOCAL_SESSION_ACTOR,
      action: "session.local_sign_in",
      targetType: "api_key",
      targetId: issued.row.id,
      requestId,
    }),
  ]);
  return {
    key: issued.key,
    session: {
      organizationId: organization.id,
      actor: `key:${issued.row.id}`,
      scopes: issued.row.scopes,
    },
  };
}

/** Signing out of a local session retires its key, so keys do not pile up per sign-in. */
export async function revokeLocalSessionKey(db: Database, keyId: string): Promise<void> {
  await db
    .update(apiKeys)
    .set({ revokedAt: nowIso() })
    .where(
      and(
        eq(apiKeys.id, keyId),
        eq(apiKeys.name, LOCAL_SESSION_KEY_NAME),
        isNull(apiKeys.revokedAt),
      ),
    );
}
