import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "wouter";
import { client, dataOf } from "../api/client.ts";
import { TENANT_STATUSES, type TenantStatus } from "../api/types.ts";
import { Field, SelectField } from "../ui/field.tsx";
import { Empty, ErrorNotice, formatTime, Loading, StatusBadge, TableWrap } from "../ui/states.tsx";

const PAGE_SIZE = 20;

/**
 * Tenants newest first: the status filter and the pages are the API's (cursor pagination);
 * the search narrows the page shown by name or slug.
 */
export function TenantListPage() {
  const [status, setStatus] = useState<TenantStatus | "">("");
  const [search, setSearch] = useState("");
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors.at(-1);
  const page = useQuery({
    queryKey: ["tenants", status, cursor],
    queryFn: () =>
      dataOf(
        client.GET("/v1/tenants", {
          params: { query: { status: status || undefined, cursor, limit: PAGE_SIZE } },
        }),
      ),
  });
  const needle = search.trim().toLowerCase();
  const shown = (page.data?.data ?? []).filter(
    (t) => !needle || t.name.toLowerCase().includes(needle) || t.slug.includes(needle),
  );

  return (
    <main id="main">
      <h1>Tenants</h1>
      <div className="toolbar">
        <SelectField
          label="Status"
          value={status}
          onChange={(value) => {
            setStatus(TENANT_STATUSES.find((known) => known === value) ?? "");
            setCursors([]);
          }}
          options={[
            { value: "", label: "Any status" },
            ...TENANT_STATUSES.map((s) => ({ value: s, label: s })),
          ]}
        />
        <Field
          label="Search by name or slug"
          type="search"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
        <Link className="button" href="/tenants/new">
          New tenant
        </Link>
      </div>
      {page.isPending && <Loading what="tenants" />}
      <ErrorNotice error={page.error} />
      {page.data && shown.length === 0 && (
        <Empty>
          {needle || status ? (
            <p>No tenant matches.</p>
          ) : (
            <p>
              No tenants yet. <Link href="/tenants/new">Create the first one</Link>.
            </p>
          )}
        </Empty>
      )}
      {shown.length > 0 && (
        <TableWrap label="Tenants">
          <table>
            <caption className="visually-hidden">Tenants</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Status</th>
                <th scope="col">Plan</th>
                <th scope="col">URL</th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((tenant) => (
                <tr key={tenant.id}>
                  <td>
                    <Link href={`/tenants/${tenant.id}`}>{tenant.name}</Link>
                    <div className="hint">{tenant.slug}</div>
                  </td>
                  <td>
                    <StatusBadge status={tenant.status} />
                  </td>
                  <td>{tenant.plan}</td>
                  <td>{tenant.url}</td>
                  <td>{formatTime(tenant.createdAt)}</td>
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
          Previous page
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
          Next page
        </button>
      </nav>
    </main>
  );
}
