import type { CreateTenantRequest, ServiceSource } from "../api/types.ts";

type ServiceRequest = CreateTenantRequest["services"][number];
/** The create request as the wizard builds it: every field given, env and domains included. */
export type WizardRequest = Omit<CreateTenantRequest, "services" | "domains"> & {
  services: (ServiceRequest & { env: Record<string, string> })[];
  domains: string[];
};

/** What the wizard collects, as typed; `toRequest` turns it into the API's request body. */
export interface Draft {
  name: string;
  slug: string;
  slugEdited: boolean;
  /** A plan of `GET /v1/plans`; empty until they load, and then the API's default applies. */
  plan: string;
  service: {
    name: string;
    sourceType: ServiceSource["type"];
    url: string;
    repo: string;
    image: string;
    ref: string;
    path: string;
    port: string;
    healthPath: string;
  };
  database: { engine: "none" | "postgres" | "mysql"; version: string };
  domains: string;
  env: { name: string; value: string }[];
}

export const DATABASE_VERSIONS = { postgres: ["17", "16", "15"], mysql: ["8.4", "8.0"] };

export const initialDraft: Draft = {
  name: "",
  slug: "",
  slugEdited: false,
  plan: "",
  service: {
    name: "web",
    sourceType: "git",
    url: "",
    repo: "",
    image: "",
    ref: "main",
    path: ".",
    port: "3000",
    healthPath: "/healthz",
  },
  database: { engine: "none", version: "16" },
  domains: "",
  env: [],
};

/** A slug suggested from the name: lowercase DNS label characters, at most 40. */
export const slugFrom = (name: string): string =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40)
    .replace(/-+$/, "");

function source(service: Draft["service"]): ServiceSource {
  const at = { ref: service.ref || "main", path: service.path || "." };
  if (service.sourceType === "image") return { type: "image", image: service.image.trim() };
  if (service.sourceType === "github") return { type: "github", repo: service.repo.trim(), ...at };
  return { type: "git", url: service.url.trim(), ...at };
}

export const domainList = (domains: string): string[] =>
  domains
    .split(/[\s,]+/)
    .map((d) => d.trim().toLowerCase())
    .filter(Boolean);

export function toRequest(draft: Draft): WizardRequest {
  return {
    name: draft.name.trim(),
    slug: draft.slug,
    ...(draft.plan ? { plan: draft.plan } : {}),
    services: [
      {
        name: draft.service.name,
        source: source(draft.service),
        port: Number(draft.service.port),
        healthPath: draft.service.healthPath,
        env: Object.fromEntries(draft.env.filter((v) => v.name).map((v) => [v.name, v.value])),
      },
    ],
    database:
      draft.database.engine === "none"
        ? null
        : { engine: draft.database.engine, version: draft.database.version },
    domains: domainList(draft.domains),
  };
}

const MASK = "********";

/** The request as shown on screen and in the commands: every env value masked. */
export function masked(request: WizardRequest): WizardRequest {
  return {
    ...request,
    services: request.services.map((s) => ({
      ...s,
      env: Object.fromEntries(Object.keys(s.env).map((k) => [k, MASK])),
    })),
  };
}

const shellQuote = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;

export function curlCommand(origin: string, request: WizardRequest): string {
  return [
    `curl -X POST ${origin}/v1/tenants`,
    `  -H "Authorization: Bearer $ENCLAVE_API_KEY"`,
    `  -H "Content-Type: application/json"`,
    `  -H "Idempotency-Key: $(uuidgen)"`,
    `  -d ${shellQuote(JSON.stringify(masked(request)))}`,
  ].join(" \\\n");
}

export function cliCommand(request: WizardRequest): string {
  const [service] = masked(request).services;
  const args = ["npx enclave tenants create", `--name ${shellQuote(request.name)}`];
  args.push(`--slug ${request.slug}`);
  if (request.plan) args.push(`--plan ${request.plan}`);
  if (service) {
    const s = service.source;
    if (s.type === "image") args.push(`--image ${s.image}`);
    else args.push(s.type === "git" ? `--git ${shellQuote(s.url)}` : `--github ${s.repo}`);
    if (s.type !== "image" && s.ref && s.ref !== "main") args.push(`--ref ${s.ref}`);
    if (s.type !== "image" && s.path && s.path !== ".") args.push(`--path ${s.path}`);
    args.push(`--port ${service.port}`, `--health-path ${service.healthPath}`);
    for (const name of Object.keys(service.env)) args.push(`--env ${name}=…`);
  }
  if (request.database) {
    args.push(`--database ${request.database.engine}:${request.database.version}`);
  }
  for (const domain of request.domains) args.push(`--domain ${domain}`);
  args.push("--wait");
  return args.join(" \\\n  ");
}

export const STEPS = [
  "Name and plan",
  "Service",
  "Database",
  "Domains",
  "Environment",
  "Review",
] as const;

/** Which step holds the field an API error names, so the error shows next to it. */
export function stepOfPath(path: string): number {
  if (path.startsWith("services.0.env")) return 4;
  if (path.startsWith("services")) return 1;
  if (path.startsWith("database")) return 2;
  if (path.startsWith("domains")) return 3;
  return 0;
}
