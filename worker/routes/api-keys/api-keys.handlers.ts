import { and, eq } from "drizzle-orm";
import { apiKeyView, issueApiKey } from "../../auth/issue-key.ts";
import { auditInsert, principalAudit } from "../../db/audit.ts";
import { apiKeys } from "../../db/schema.ts";
import { notFound } from "../../errors/api-error.ts";
import { afterCursor, newestFirst, toPage } from "../../lib/pagination.ts";
import { nowIso } from "../../lib/time.ts";
import type { AppRouteHandler } from "../../lib/types.ts";
import type { CreateRoute, ListRoute, RevokeRoute } from "./api-keys.routes.ts";

export const create: AppRouteHandler<CreateRoute> = async (c) => {
  const principal = c.get("principal");
  const body = c.req.valid("json");
  const db = c.get("db");
  const issued = await issueApiKey(db, c.env, {
    organizationId: principal.organizationId,
    name: body.name,
    scopes: [...new Set(body.scopes)],
    rateLimit: body.rateLimit ?? null,
    createdBy: principal.actor,
  });
  await db.batch([
    issued.insert,
    auditInsert(
      db,
      principalAudit(principal, c.get("requestId"), "api_key.create", "api_key", issued.row.id, {
        scopes: issued.row.scopes,
      }),
    ),
  ]);
  return c.json({ apiKey: apiKeyView(issued.row), key: issued.key }, 201);
};

export const list: AppRouteHandler<ListRoute> = async (c) => {
  const { organizationId } = c.get("principal");
  const { cursor, limit } = c.req.valid("query");
  const rows = await c
    .get("db")
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.organizationId, organizationId), afterCursor(apiKeys, cursor)))
    .orderBy(...newestFirst(apiKeys))
    .limit(limit + 1);
  return c.json(toPage(rows, limit, apiKeyView), 200);
};

export const revoke: AppRouteHandler<RevokeRoute> = async (c) => {
  const principal = c.get("principal");
  const { id } = c.req.valid("param");
  const db = c.get("db");
  const owned = and(eq(apiKeys.id, id), eq(apiKeys.organizationId, principal.organizationId));
  const [row] = await db.select().from(apiKeys).where(owned).limit(1);
  if (!row) throw notFound("API key");
  if (row.revokedAt !== null) return c.json(apiKeyView(row), 200);
  const [[revoked]] = await db.batch([
    db.update(apiKeys).set({ revokedAt: nowIso() }).where(owned).returning(),
    auditInsert(db, principalAudit(principal, c.get("requestId"), "api_key.revoke", "api_key", id)),
  ]);
  return c.json(apiKeyView(revoked ?? row), 200);
};
