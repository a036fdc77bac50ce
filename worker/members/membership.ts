import { and, eq, sql } from "drizzle-orm";
import type { Principal } from "../auth/principal.ts";
import type { Database } from "../db/client.ts";
import { organizations, users } from "../db/schema.ts";
import { ApiError } from "../errors/api-error.ts";
import { newId } from "../lib/ids.ts";
import { nowIso } from "../lib/time.ts";
import { ROLE_SCOPES } from "./roles.ts";

/** The header a subject that belongs to several organizations names one with. */
export const ORGANIZATION_HEADER = "Enclave-Organization";

/** last_seen_at (and the recorded email) are rewritten at most this often per member. */
const LAST_SEEN_RESOLUTION_MS = 60_000;

export interface Identity {
  issuer: string;
  subject: string;
  email: string | null;
  /** The organization the identity provider's token names, if it names one. */
  organizationId: string | null;
}

const membershipsOf = (db: Database, identity: Identity) =>
  db
    .select({
      id: users.id,
      organizationId: users.organizationId,
      role: users.role,
      email: users.email,
      lastSeenAt: users.lastSeenAt,
      plan: organizations.plan,
    })
    .from(users)
    .innerJoin(organizations, eq(organizations.id, users.organizationId))
    .where(and(eq(users.issuer, identity.issuer), eq(users.subject, identity.subject)));

type Membership = Awaited<ReturnType<typeof membershipsOf>>[number];

/**
 * The first user of an organization nobody is a member of yet becomes its admin: one
 * statement, so of two first sign-ins racing only one finds the organization empty.
 */
async function claimEmptyOrganization(
  db: Database,
  identity: Identity,
  organizationId: string,
): Promise<boolean> {
  const now = nowIso();
  const inserted = await db.run(sql`
    INSERT INTO ${users} (id, organization_id, issuer, subject, email, role, created_at, last_seen_at)
    SELECT ${newId("user")}, ${organizationId}, ${identity.issuer}, ${identity.subject},
      ${identity.email}, 'admin', ${now}, ${now}
    WHERE EXISTS (SELECT 1 FROM ${organizations} WHERE id = ${organizationId})
      AND NOT EXISTS (SELECT 1 FROM ${users} WHERE organization_id = ${organizationId})
    ON CONFLICT DO NOTHING`);
  return inserted.meta.changes > 0;
}

function choose(memberships: Membership[], identity: Identity, requested: string | null) {
  if (requested) return memberships.find((m) => m.organizationId === requested);
  if (memberships.length === 1) return memberships[0];
  const claimed = memberships.find((m) => m.organizationId === identity.organizationId);
  if (claimed) return claimed;
  if (memberships.length > 1) {
    throw new ApiError(
      "forbidden",
      `The user is a member of several organizations: name one with the ${ORGANIZATION_HEADER} header`,
    );
  }
  return undefined;
}

/**
 * The principal of a verified identity: its membership of the organization the request names
 * (the Enclave-Organization header), or of its only organization. A subject that is no member
 * of it is refused with 403, unless it is the first user of the organization its token names,
 * which it joins as admin.
 */
export async function memberPrincipal(
  db: Database,
  identity: Identity,
  requested: string | null,
  waitUntil: (promise: Promise<unknown>) => void,
): Promise<Principal> {
  let memberships = await membershipsOf(db, identity);
  let member = choose(memberships, identity, requested);
  const candidate = requested ?? identity.organizationId;
  if (!member && candidate && candidate === identity.organizationId) {
    if (await claimEmptyOrganization(db, identity, candidate)) {
      memberships = await membershipsOf(db, identity);
      member = memberships.find((m) => m.organizationId === candidate);
    }
  }
  if (!member) {
    throw new ApiError(
      "forbidden",
      requested
        ? `The user is not a member of the organization ${requested}`
        : "The user is not a member of any organization: an admin of the organization must add them",
    );
  }
  const stale = Date.now() - Date.parse(member.lastSeenAt ?? "") >= LAST_SEEN_RESOLUTION_MS;
  if (stale || member.email !== identity.email) {
    waitUntil(
      db
        .update(users)
        .set({ lastSeenAt: nowIso(), email: identity.email })
        .where(eq(users.id, member.id)),
    );
  }
  return {
    organizationId: member.organizationId,
    actor: `user:${member.id}`,
    scopes: ROLE_SCOPES[member.role],
    organizationPlan: member.plan,
    keyRateLimit: null,
  };
}
