import type { Principal } from "../auth/principal.ts";
import { newId } from "../lib/ids.ts";
import type { Database } from "./client.ts";
import { auditLog } from "./schema.ts";

export interface AuditEntry {
  organizationId: string;
  actor: string;
  action: string;
  targetType: string;
  targetId: string | null;
  requestId: string;
  /** Field names and other non-secret details; never values of secrets. */
  metadata?: Record<string, unknown>;
}

/** An audit insert, meant to join the same D1 batch as the change it records. */
export const auditInsert = (db: Database, entry: AuditEntry) =>
  db.insert(auditLog).values({ id: newId("audit"), ...entry, metadata: entry.metadata ?? null });

/** The audit entry of an action taken by an authenticated provider principal. */
export const principalAudit = (
  principal: Pick<Principal, "organizationId" | "actor">,
  requestId: string,
  action: string,
  targetType: string,
  targetId: string | null,
  metadata?: Record<string, unknown>,
): AuditEntry => ({
  organizationId: principal.organizationId,
  actor: principal.actor,
  action,
  targetType,
  targetId,
  requestId,
  ...(metadata ? { metadata } : {}),
});

/** The actor of everything done with the operator token. */
export const OPERATOR_ACTOR = "operator";

/**
 * The audit entry of an operator change to the platform itself (configuration, keys). It is
 * no organization's, so it carries this marker instead and never shows in GET /v1/audit.
 */
export const platformAudit = (
  requestId: string,
  action: string,
  targetType: string,
  targetId: string | null,
  metadata?: Record<string, unknown>,
): AuditEntry =>
  principalAudit(
    { organizationId: "platform", actor: OPERATOR_ACTOR },
    requestId,
    action,
    targetType,
    targetId,
    metadata,
  );
