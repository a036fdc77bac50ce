import { auditNdjson, auditPage, NDJSON_CONTENT_TYPE } from "../../audit/query-audit.ts";
import type { AppRouteHandler } from "../../lib/types.ts";
import type { ListAllRoute, ListRoute } from "./audit.routes.ts";

const withoutOrganization = <Row extends { organizationId: string }>({
  organizationId: _,
  ...entry
}: Row) => entry;

/**
 * The export is the route's other 200 representation; the route's types only know its JSON
 * one (an `application/*json` media type other than JSON is typed as nothing), hence `never`.
 */
const ndjson = (stream: ReadableStream<Uint8Array>): never =>
  new Response(stream, {
    status: 200,
    headers: { "content-type": NDJSON_CONTENT_TYPE },
  }) as never;

export const list: AppRouteHandler<ListRoute> = async (c) => {
  const { organizationId } = c.get("principal");
  const { cursor, limit, format, ...filters } = c.req.valid("query");
  const scoped = { ...filters, organizationId };
  const db = c.get("db");
  if (format === "ndjson") return ndjson(auditNdjson(db, scoped, withoutOrganization));
  return c.json(await auditPage(db, scoped, { cursor, limit }, withoutOrganization), 200);
};

export const listAll: AppRouteHandler<ListAllRoute> = async (c) => {
  const { cursor, limit, format, ...filters } = c.req.valid("query");
  const db = c.get("db");
  if (format === "ndjson") return ndjson(auditNdjson(db, filters, (row) => row));
  return c.json(await auditPage(db, filters, { cursor, limit }, (row) => row), 200);
};
