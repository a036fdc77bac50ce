import { and, eq, sql } from "drizzle-orm";
import type { Principal } from "../auth/principal.ts";
import { auditInsert, principalAudit } from "../db/audit.ts";
import type { Database } from "../db/client.ts";
import { type MemberRole, users } from "../db/schema.ts";
import { ApiError, notFound } from "../errors/api-error.ts";
import { newId } from "../lib/ids.ts";
import { afterCursor, newestFirst, toPage } from "../lib/pagination.ts";

export interface MemberScope {
  db: Database;
  principal: Principal;
  requestId: string;
}

export interface MemberKey {
  issuer: string;
  subject: string;
}

type MemberRow = typeof users.$inferSelect;

export const memberView = ({ organizationId: _, ...member }: MemberRow) => member;

const memberOf = (organizationId: string, key: MemberKey) =>
  and(
    eq(users.organizationId, organizationId),
    eq(users.issuer, key.issuer),
    eq(users.subject, key.subject),
  );

/**
 * True when the member is not an admin or another admin remains: evaluated inside the same
 * statement as the change, so two admins demoting each other at once cannot both succeed.
 * The audit row follows the change instead of joining its batch, so a refused change leaves
 * none.
 */
const keepsAnAdmin = (organizationId: string) =>
  sql`(${users.role} <> 'admin' OR (SELECT count(*) FROM ${users} AS admins WHERE admins.organization_id = ${organizationId} AND admins.role = 'admin') > 1)`;

const lastAdmin = () =>
  new ApiError("invalid_state", "The organization's last admin cannot be removed or demoted");

export async function listMembers(
  db: Database,
  organizationId: string,
  page: { cursor?: string | undefined; limit: number },
) {
  const rows = await db
    .select()
    .from(users)
    .where(and(eq(users.organizationId, organizationId), afterCursor(users, page.cursor)))
    .orderBy(...newestFirst(users))
    .limit(page.limit + 1);
  return toPage(rows, page.limit, memberView);
}

export async function addMember(
  { db, principal, requestId }: MemberScope,
  member: MemberKey & { email: string | null; role: MemberRole },
) {
  const id = newId("user");
  const [row] = await db
    .insert(users)
    .values({ id, organizationId: principal.organizationId, ...member })
    .onConflictDoNothing()
    .returning();
  if (!row) {
    throw new ApiError(
      "invalid_state",
      `${member.subject} is already a member of the organization`,
    );
  }
  await auditInsert(
    db,
    principalAudit(principal, requestId, "member.add", "member", id, {
      subject: member.subject,
      role: member.role,
    }),
  );
  return memberView(row);
}

async function existing(db: Database, organizationId: string, key: MemberKey) {
  const [row] = await db.select().from(users).where(memberOf(organizationId, key)).limit(1);
  if (!row) throw notFound("Member");
  return row;
}

export async function updateMember(
  { db, principal, requestId }: MemberScope,
  key: MemberKey,
  role: MemberRole,
) {
  const { organizationId } = principal;
  const before = await existing(db, organizationId, key);
  if (before.role === role) return memberView(before);
  const demotes = role !== "admin";
  const [row] = await db
    .update(users)
    .set({ role })
    .where(and(memberOf(organizationId, key), demotes ? keepsAnAdmin(organizationId) : undefined))
    .returning();
  if (row) {
    await auditInsert(
      db,
      principalAudit(principal, requestId, "member.update", "member", before.id, {
        subject: key.subject,
        from: before.role,
        role,
      }),
    );
  }
  if (!row) throw lastAdmin();
  return memberView(row);
}

export async function removeMember({ db, principal, requestId }: MemberScope, key: MemberKey) {
  const { organizationId } = principal;
  const before = await existing(db, organizationId, key);
  const [row] = await db
    .delete(users)
    .where(and(memberOf(organizationId, key), keepsAnAdmin(organizationId)))
    .returning({ id: users.id });
  if (!row) throw lastAdmin();
  await auditInsert(
    db,
    principalAudit(principal, requestId, "member.remove", "member", before.id, {
      subject: key.subject,
    }),
  );
}
