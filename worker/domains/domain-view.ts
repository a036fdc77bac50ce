import type { DomainView } from "../contracts/api/domains.ts";
import type { PlatformConfig } from "../contracts/index.ts";
import type { domains } from "../db/schema.ts";
import { dnsRecords } from "./domain-records.ts";

type DomainRow = typeof domains.$inferSelect;

/** A domain as the API shows it, with the DNS records that prove and route it. */
export const domainView = (row: DomainRow, slug: string, config: PlatformConfig): DomainView => ({
  id: row.id,
  domain: row.domain,
  status: row.status,
  statusReason: row.statusReason,
  verifiedAt: row.verifiedAt,
  records: dnsRecords(row, slug, config),
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});
