import { and, eq } from "drizzle-orm";
import type { Database } from "../db/client.ts";
import { API_KEY_SCOPES, type ApiKeyScope, organizations, users } from "../db/schema.ts";
import { newId } from "../lib/ids.ts";
import { nowIso } from "../lib/time.ts";
import type { VerifiedJwt } from "./jwt.ts";
import type { Principal } from "./principal.ts";

/** last_seen_at (and the recorded scopes) are rewritten at most this often per user. */
const LAST_SEEN_RESOLUTION_MS = 60_000;

const isScope = (value: string): value is ApiKeyScope =>
  (API_KEY_SCOPES as readonly string[]).includes(value);

/**
 * Maps a verified token to its user row, created on first sight. A subject stays with the
 * organization it first signed in to: a token naming another organization is refused rather
 * than silently moving the user.
 */
export async function userPrincipal(db: Database, jwt: VerifiedJwt): Promise<Principal | null> {
  const [organization] = await db
    .select({ id: organizations.id, plan: organizations.plan })
    .from(organizations)
    .where(eq(organizations.id, jwt.organizationId))
    .limit(1);
  if (!organization) return null;

  const granted = jwt.scopeClaim.filter(isScope);
  const scopes: ApiKeyScope[] = granted.length > 0 ? granted : ["read"];
  const now = nowIso();
  const [existing] = await db
    .select()
    .from(users)
    .where(and(eq(users.issuer, jwt.issuer), eq(users.subject, jwt.subject)))
    .limit(1);
  if (existing && existing.organizationId !== jwt.organizationId) return null;

  const unchanged =
    existing &&
    existing.email === jwt.email &&
    existing.scopes.join(" ") === scopes.join(" ") &&
    Date.now() - Date.parse(existing.lastSeenAt ?? "") < LAST_SEEN_RESOLUTION_MS;
  const budget = { organizationPlan: organization.plan, keyRateLimit: null };
  if (unchanged)
    return {
      organizationId: existing.organizationId,
      actor: `user:${existing.id}`,
      scopes,
      ...budget,
    };

  // The returned row, not the id generated here, wins when two first sign-ins race.
  const [row] = await db
    .insert(users)
    .values({
      id: newId("user"),
      organizationId: jwt.organizationId,
      issuer: jwt.issuer,
      subject: jwt.subject,
      email: jwt.email,
      scopes,
      lastSeenAt: now,
    })
    .onConflictDoUpdate({
      target: [users.issuer, users.subject],
      set: { scopes, email: jwt.email, lastSeenAt: now },
    })
    .returning({ id: users.id, organizationId: users.organizationId });
  if (!row || row.organizationId !== jwt.organizationId) return null;
  return { organizationId: row.organizationId, actor: `user:${row.id}`, scopes, ...budget };
}
