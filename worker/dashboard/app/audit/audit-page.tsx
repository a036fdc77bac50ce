import { useQuery } from "@tanstack/react-query";
import type { operations } from "../../../contracts/openapi.d.ts";
import { client, dataOf } from "../api/client.ts";
import type { AuditEntry } from "../api/types.ts";
import { PageNav, useCursorPages } from "../ui/cursor-pages.tsx";
import { type Column, DataTable } from "../ui/data-table.tsx";
import { ErrorNotice, formatTime, Loading } from "../ui/states.tsx";

/** Without `format=ndjson` the answer is the JSON page, never the export's lines. */
type AuditEntriesPage =
  operations["listAuditEntries"]["responses"][200]["content"]["application/json"];

const COLUMNS: Column<AuditEntry>[] = [
  { header: "When", cell: (entry) => formatTime(entry.createdAt) },
  { header: "Who", cell: (entry) => <code>{entry.actor}</code> },
  { header: "Action", cell: (entry) => entry.action },
  {
    header: "Target",
    cell: (entry) => (
      <>
        {entry.targetType} <code>{entry.targetId}</code>
      </>
    ),
  },
  {
    header: "Details",
    cell: (entry) => <code>{entry.metadata ? JSON.stringify(entry.metadata) : ""}</code>,
  },
];

/** The organization's audit log, newest first, a page at a time. */
export function AuditPage() {
  const pages = useCursorPages();
  const { cursor } = pages;
  const page = useQuery({
    queryKey: ["audit", cursor],
    queryFn: () =>
      dataOf(
        client.GET("/v1/audit", { params: { query: { cursor, limit: 50 } } }),
      ) as Promise<AuditEntriesPage>,
  });
  return (
    <main id="main">
      <h1>Audit log</h1>
      {page.isPending && <Loading what="the audit log" />}
      <ErrorNotice error={page.error} />
      {page.data && (
        <DataTable
          label="Audit entries"
          rows={page.data.data}
          rowKey={(entry) => entry.id}
          columns={COLUMNS}
          empty="Nothing recorded yet."
        />
      )}
      <PageNav
        pages={pages}
        nextCursor={page.data?.nextCursor}
        backLabel="Newer"
        forwardLabel="Older"
      />
    </main>
  );
}
