import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "wouter";
import { client, dataOf } from "../api/client.ts";
import { TENANT_STATUSES, type Tenant, type TenantStatus } from "../api/types.ts";
import { PageNav, useCursorPages } from "../ui/cursor-pages.tsx";
import { type Column, DataTable } from "../ui/data-table.tsx";
import { Field, SelectField } from "../ui/field.tsx";
import { ErrorNotice, formatTime, Loading, StatusBadge } from "../ui/states.tsx";

const PAGE_SIZE = 20;

const COLUMNS: Column<Tenant>[] = [
  {
    header: "Name",
    cell: (tenant) => (
      <>
        <Link href={`/tenants/${tenant.id}`}>{tenant.name}</Link>
        <div className="hint">{tenant.slug}</div>
      </>
    ),
  },
  { header: "Status", cell: (tenant) => <StatusBadge status={tenant.status} /> },
  { header: "Plan", cell: (tenant) => tenant.plan },
  { header: "URL", cell: (tenant) => tenant.url },
  { header: "Created", cell: (tenant) => formatTime(tenant.createdAt) },
];

/**
 * Tenants newest first: the status filter and the pages are the API's (cursor pagination);
 * the search narrows the page shown by name or slug.
 */
export function TenantListPage() {
  const [status, setStatus] = useState<TenantStatus | "">("");
  const [search, setSearch] = useState("");
  const pages = useCursorPages();
  const { cursor } = pages;
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
            pages.reset();
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
      {page.data && (
        <DataTable
          label="Tenants"
          caption="Tenants"
          rows={shown}
          rowKey={(tenant) => tenant.id}
          columns={COLUMNS}
          empty={
            needle || status ? (
              <p>No tenant matches.</p>
            ) : (
              <p>
                No tenants yet. <Link href="/tenants/new">Create the first one</Link>.
              </p>
            )
          }
        />
      )}
      <PageNav
        pages={pages}
        nextCursor={page.data?.nextCursor}
        backLabel="Previous page"
        forwardLabel="Next page"
      />
    </main>
  );
}
