import { useMutation, useQuery } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { Link, useLocation } from "wouter";
import { client, dataOf } from "../api/client.ts";
import type { Deployment, Tenant } from "../api/types.ts";
import { type Column, DataTable } from "../ui/data-table.tsx";
import { Field } from "../ui/field.tsx";
import { ErrorNotice, formatDuration, formatTime, Loading, StatusBadge } from "../ui/states.tsx";
import { DeploymentActions } from "./deployment-actions.tsx";
import { EnvEditor } from "./env-editor.tsx";
import { ServiceLogs } from "./service-logs.tsx";

const sourceText = (source: Tenant["services"][number]["source"]) => {
  if (source.type === "image") return source.image;
  const where = source.type === "git" ? source.url : `github.com/${source.repo}`;
  return `${where} @ ${source.ref ?? "main"}${source.path && source.path !== "." ? ` (${source.path})` : ""}`;
};

const took = (d: Deployment) =>
  d.startedAt && d.finishedAt
    ? formatDuration(Date.parse(d.finishedAt) - Date.parse(d.startedAt))
    : "";

/** The history's columns but its actions, which depend on the tenant. */
const DEPLOYMENT_COLUMNS: Column<Deployment>[] = [
  { header: "Deployment", cell: (d) => <Link href={`/deployments/${d.id}`}>{d.id}</Link> },
  {
    header: "Trigger",
    cell: (d) => (
      <>
        {d.trigger}
        {d.rollbackOf ? ` of ${d.rollbackOf}` : ""}
      </>
    ),
  },
  { header: "Status", cell: (d) => <StatusBadge status={d.status} /> },
  { header: "Took", cell: took },
  {
    header: "Reason",
    cell: (d) => (
      <>
        {d.statusReason ?? ""}
        {d.failedStage ? ` (stage ${d.failedStage})` : ""}
      </>
    ),
  },
  { header: "Created", cell: (d) => formatTime(d.createdAt) },
];

function DeleteTenant({ tenant }: { tenant: Tenant }) {
  const [, navigate] = useLocation();
  const [typed, setTyped] = useState("");
  const remove = useMutation({
    mutationFn: () =>
      dataOf(client.DELETE("/v1/tenants/{id}", { params: { path: { id: tenant.id } } })),
    onSuccess: (operation) => navigate(`/deployments/${operation.deployment.id}`),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (typed === tenant.slug) remove.mutate();
  };
  return (
    <form onSubmit={submit} aria-labelledby="delete-heading" className="card">
      <h2 id="delete-heading">Delete this tenant</h2>
      <p>
        Its namespace, app, database and data are removed. Type <code>{tenant.slug}</code> to
        confirm.
      </p>
      <Field
        label="Tenant slug"
        value={typed}
        onChange={(e) => setTyped(e.target.value)}
        autoComplete="off"
      />
      <ErrorNotice error={remove.error} />
      <button type="submit" className="danger" disabled={typed !== tenant.slug || remove.isPending}>
        Delete {tenant.name}
      </button>
    </form>
  );
}

export function TenantDetailPage({ id }: { id: string }) {
  const [, navigate] = useLocation();
  const tenant = useQuery({
    queryKey: ["tenant", id],
    queryFn: () => dataOf(client.GET("/v1/tenants/{id}", { params: { path: { id } } })),
  });
  const history = useQuery({
    queryKey: ["tenant", id, "deployments"],
    queryFn: () =>
      dataOf(
        client.GET("/v1/tenants/{id}/deployments", {
          params: { path: { id }, query: { limit: 20 } },
        }),
      ),
  });
  const redeploy = useMutation({
    mutationFn: () =>
      dataOf(client.POST("/v1/tenants/{id}/deployments", { params: { path: { id } } })),
    onSuccess: (operation) => navigate(`/deployments/${operation.deployment.id}`),
  });

  if (tenant.isPending) {
    return (
      <main id="main">
        <Loading what="the tenant" />
      </main>
    );
  }
  if (tenant.isError) {
    return (
      <main id="main">
        <ErrorNotice error={tenant.error} />
      </main>
    );
  }
  const t = tenant.data;
  const live = t.status !== "deleting" && t.status !== "deleted";
  const baseHost = new URL(t.url).host;
  return (
    <main id="main">
      <h1>
        {t.name} <StatusBadge status={t.status} />
      </h1>
      <section className="card" aria-labelledby="overview-heading">
        <h2 id="overview-heading">Overview</h2>
        <dl className="facts">
          <dt>URL</dt>
          <dd>
            <a href={t.url}>{t.url}</a>
          </dd>
          <dt>Slug</dt>
          <dd>{t.slug}</dd>
          <dt>Plan</dt>
          <dd>{t.plan}</dd>
          {t.statusReason && (
            <>
              <dt>Reason</dt>
              <dd>{t.statusReason}</dd>
            </>
          )}
          <dt>Database</dt>
          <dd>{t.database ? `${t.database.engine} ${t.database.version}` : "none"}</dd>
          <dt>Ready since</dt>
          <dd>{formatTime(t.readyAt)}</dd>
        </dl>
        {live && (
          <div className="actions">
            <button type="button" onClick={() => redeploy.mutate()} disabled={redeploy.isPending}>
              Redeploy
            </button>
          </div>
        )}
        <ErrorNotice error={redeploy.error} />
      </section>

      <section aria-labelledby="services-heading">
        <h2 id="services-heading">Services</h2>
        {t.services.map((service) => (
          <article key={service.id} className="card" aria-label={`Service ${service.name}`}>
            <h3>{service.name}</h3>
            <dl className="facts">
              <dt>Source</dt>
              <dd>{sourceText(service.source)}</dd>
              <dt>Port</dt>
              <dd>{service.port}</dd>
              <dt>Health path</dt>
              <dd>{service.healthPath}</dd>
            </dl>
            <h4>Environment</h4>
            {live ? (
              <EnvEditor tenantId={t.id} service={service} />
            ) : (
              <p className="hint">{Object.keys(service.env).join(", ") || "none"}</p>
            )}
            {live && <ServiceLogs tenantId={t.id} service={service.name} />}
          </article>
        ))}
      </section>

      <section className="card" aria-labelledby="domains-heading">
        <h2 id="domains-heading">Custom domains</h2>
        {t.domains.length === 0 ? (
          <p className="hint">None; the tenant answers at {t.url}.</p>
        ) : (
          <ul>
            {t.domains.map((domain) => (
              <li key={domain}>
                {domain}: DNS record{" "}
                <code>
                  CNAME {domain} → {baseHost}
                </code>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="history-heading">
        <h2 id="history-heading">Deployments</h2>
        {history.isPending && <Loading what="deployments" />}
        <ErrorNotice error={history.error} />
        {history.data && (
          <DataTable
            label="Deployments"
            rows={history.data.data}
            rowKey={(d) => d.id}
            columns={[
              ...DEPLOYMENT_COLUMNS,
              {
                header: "Actions",
                cell: (d) =>
                  live && <DeploymentActions deployment={d} servingId={t.serving?.deploymentId} />,
              },
            ]}
          />
        )}
      </section>

      {live && <DeleteTenant tenant={t} />}
    </main>
  );
}
