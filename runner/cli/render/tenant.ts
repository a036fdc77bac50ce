import type { Service, Tenant } from "../api/index.ts";

const describeSource = (source: Service["source"]): string => {
  if (source.type === "image") return `image ${source.image}`;
  const from = source.type === "git" ? source.url : source.repo;
  const ref = source.ref ? `@${source.ref}` : "";
  const path = source.path && source.path !== "." ? ` ${source.path}` : "";
  return `${source.type} ${from}${ref}${path}`;
};

/** `web: github acme/app@main apps/web, port 3000, env A B`: env names only, values are masked. */
const describeService = (service: Service): string => {
  const env = Object.keys(service.env);
  const envText = env.length > 0 ? `, env ${env.join(" ")}` : "";
  const runs = service.port === null ? service.kind : `port ${service.port}`;
  return `${service.name}: ${describeSource(service.source)}, ${runs}${envText}`;
};

/** The `tenants get` view: one line per fact, one per service. */
export const tenantDetails = (tenant: Tenant): [string, unknown][] => {
  const labels = Object.entries(tenant.labels).map(([key, value]) => `${key}=${value}`);
  const database = tenant.database ? `${tenant.database.engine} ${tenant.database.version}` : "";
  return [
    ["id", tenant.id],
    ["name", tenant.name],
    ["slug", tenant.slug],
    ["plan", tenant.plan],
    ["status", tenant.status],
    ["reason", tenant.statusReason],
    ["url", tenant.url],
    ["domains", tenant.domains.join(", ")],
    ["database", database],
    ["labels", labels.join(", ")],
    ...tenant.services.map((service): [string, unknown] => ["service", describeService(service)]),
    ["ready since", tenant.readyAt],
    ["created", tenant.createdAt],
    ["updated", tenant.updatedAt],
  ];
};
