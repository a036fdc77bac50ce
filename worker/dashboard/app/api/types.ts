/**
 * The API's shapes the dashboard reads, as the OpenAPI document (GET /v1/openapi.json)
 * describes them.
 */
export type Scope = "read" | "write" | "admin";

export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

export interface Session {
  organizationId: string;
  actor: string;
  scopes: Scope[];
}

export type CurrentSession = { signedIn: false } | ({ signedIn: true } & Session);

export interface SignInOptions {
  local: boolean;
  oidc: boolean;
}

export type ServiceSource =
  | { type: "git"; url: string; ref?: string; path?: string }
  | { type: "github"; repo: string; ref?: string; path?: string }
  | { type: "image"; image: string };

export interface Service {
  id: string;
  name: string;
  source: ServiceSource;
  port: number;
  healthPath: string;
  env: Record<string, string>;
}

export const TENANT_STATUSES = ["provisioning", "active", "failed", "deleting", "deleted"] as const;
export type TenantStatus = (typeof TENANT_STATUSES)[number];

export interface Tenant {
  id: string;
  name: string;
  slug: string;
  plan: string;
  status: TenantStatus;
  statusReason: string | null;
  labels: Record<string, string>;
  database: { engine: "postgres" | "mysql"; version: string } | null;
  domains: string[];
  url: string;
  services: Service[];
  readyAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export type DeploymentStatus = "queued" | "running" | "ready" | "failed" | "deleted";

export interface Deployment {
  id: string;
  tenantId: string;
  kind: "provision" | "deprovision";
  status: DeploymentStatus;
  attempt: number;
  statusReason: string | null;
  failedStage: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  links: { events: string; ws: string };
}

export interface TenantOperation {
  tenant: Tenant;
  deployment: Deployment;
  links: { events: string; ws: string };
}

export interface CreateTenantRequest {
  name: string;
  slug: string;
  plan?: string;
  services: {
    name: string;
    source: ServiceSource;
    port: number;
    healthPath: string;
    env: Record<string, string>;
  }[];
  database?: { engine: "postgres" | "mysql"; version: string } | null;
  domains: string[];
}

export interface Usage {
  used: number;
  allowed: number;
}

export interface DryRun {
  dryRun: true;
  tenant: { name: string; slug: string; url: string };
  plan: { name: string; quota: Record<string, string | number> };
  services: {
    name: string;
    port: number;
    healthPath: string;
    replicas: number;
    env: Record<string, string>;
    build: string;
  }[];
  database: { engine: string; version: string; image: string; storage: string } | null;
  domains: { domain: string; records: { type: "CNAME"; name: string; value: string }[] }[];
  usage: Record<"pods" | "services" | "persistentVolumeClaims", Usage>;
}

export interface ProgressEvent {
  id: number;
  deploymentId: string;
  attempt: number;
  seq: number;
  stage: string | null;
  type:
    | "stage.started"
    | "stage.log"
    | "stage.completed"
    | "stage.failed"
    | "deployment.ready"
    | "deployment.failed"
    | "deployment.deleted";
  message: string;
  at: string;
  durationMs?: number;
  data?: Record<string, unknown>;
}

export interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  scopes: Scope[];
  createdBy: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface AuditEntry {
  id: string;
  actor: string;
  action: string;
  targetType: string;
  targetId: string | null;
  requestId: string;
  metadata: Record<string, unknown> | null;
  createdAt: string;
}
