import type { Tenant } from "../api/index.ts";

type ServiceView = NonNullable<Tenant["services"]>[number];

const text = (value: unknown): string => (typeof value === "string" ? value : "");

/** `web: github acme/app@main apps/web, port 3000, env A B`: env names only, values are masked. */
const describeService = (service: ServiceView): string => {
  const source = (service.source ?? {}) as Record<string, unknown>;
  const from = text(source.image) || text(source.repo) || text(source.url);
  const ref = source.ref ? `@${text(source.ref)}` : "";
  const path = source.path && source.path !== "." ? ` ${text(source.path)}` : "";
  const env = Object.keys((service.env ?? {}) as Record<string, unknown>);
  const envText = env.length > 0 ? `, env ${env.join(" ")}` : "";
  return `${service.name}: ${text(source.type)} ${from}${ref}${path}, port ${String(service.port)}${envText}`;
};

/** The `tenants get` view: one line per fact, one per service. */
export const tenantDetails = (tenant: Tenant): [string, unknown][] => {
  const labels = Object.entries(tenant.labels ?? {}).map(([key, value]) => `${key}=${value}`);
  const database = tenant.database ? `${tenant.database.engine} ${tenant.database.version}` : "";
  return [
    ["id", tenant.id],
    ["name", tenant.name],
    ["slug", tenant.slug],
    ["plan", tenant.plan],
    ["status", tenant.status],
    ["reason", tenant.statusReason],
    ["url", tenant.url],
    ["domains", tenant.domains?.join(", ")],
    ["database", database],
    ["labels", labels.join(", ")],
    ...(tenant.services ?? []).map((service): [string, unknown] => [
      "service",
      describeService(service),
    ]),
    ["ready since", tenant.readyAt],
    ["created", tenant.createdAt],
    ["updated", tenant.updatedAt],
  ];
};
