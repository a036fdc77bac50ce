import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import type { operations } from "../../../contracts/openapi.d.ts";
import { client, dataOf } from "../api/client.ts";
import { Empty, ErrorNotice, formatTime, Loading, TableWrap } from "../ui/states.tsx";

/** Without `format=ndjson` the answer is the JSON page, never the export's lines. */
type AuditEntriesPage =
  operations["listAuditEntries"]["responses"][200]["content"]["application/json"];

/** The organization's audit log, newest first, a page at a time. */
export function AuditPage() {
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors.at(-1);
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
      {page.data?.data.length === 0 && <Empty>Nothing recorded yet.</Empty>}
      {page.data && page.data.data.length > 0 && (
        <TableWrap label="Audit entries">
          <table>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">Action</th>
                <th scope="col">Target</th>
                <th scope="col">Details</th>
              </tr>
            </thead>
            <tbody>
              {page.data.data.map((entry) => (
                <tr key={entry.id}>
                  <td>{formatTime(entry.createdAt)}</td>
                  <td>
                    <code>{entry.actor}</code>
                  </td>
                  <td>{entry.action}</td>
                  <td>
                    {entry.targetType} <code>{entry.targetId}</code>
                  </td>
                  <td>
                    <code>{entry.metadata ? JSON.stringify(entry.metadata) : ""}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      <nav className="actions" aria-label="Pages">
        <button
          type="button"
          className="secondary"
          disabled={cursors.length === 0}
          onClick={() => setCursors((all) => all.slice(0, -1))}
        >
          Newer
        </button>
        <button
          type="button"
          className="secondary"
          disabled={!page.data?.nextCursor}
          onClick={() => {
            const next = page.data?.nextCursor;
            if (next) setCursors((all) => [...all, next]);
          }}
        >
          Older
        </button>
      </nav>
    </main>
  );
}
