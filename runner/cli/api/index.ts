import type { RuntimeLogLine, StreamedEvent } from "../../../worker/contracts/index.ts";
import { type EventStreamOptions, streamDeploymentEvents } from "./events.ts";
import {
  type DeploymentLogLine,
  deploymentLogs,
  followServiceLogs,
  type ServiceLogsQuery,
  serviceLogs,
} from "./logs.ts";
import { type OrganizationApi, organizationApi } from "./organization.ts";
import type {
  AddDatabaseInput,
  AddNetworkRuleInput,
  ApiKey,
  Backup,
  BackupOperation,
  CreateApiKeyInput,
  CreateCredentialInput,
  CreatedApiKey,
  CreatedWebhook,
  CreateServiceInput,
  CreateTenantInput,
  CreateWebhookInput,
  Credential,
  CredentialChange,
  Deployment,
  Domain,
  DomainChange,
  EnvList,
  EnvPatch,
  Erasure,
  ListQuery,
  ListTenantsQuery,
  NetworkRule,
  NetworkRuleChange,
  Page,
  Plan,
  Service,
  Tenant,
  TenantChange,
  TenantDatabase,
  TenantOperation,
  UpdateServiceInput,
  UpdateTenantInput,
  Webhook,
  WebhookDelivery,
} from "./schemas.ts";
import { type ClientOptions, createApi, dataOf } from "./transport.ts";

export { ApiError, ConnectionError, type FieldError } from "./errors.ts";
export { EventStreamError, type EventStreamOptions } from "./events.ts";
export type { DeploymentLogLine, ServiceLogsQuery } from "./logs.ts";
export * from "./organization.ts";
export * from "./schemas.ts";
export { readSse, type SseMessage } from "./sse.ts";
export type { ClientOptions } from "./transport.ts";

const DEFAULT_TIMEOUT_MS = 30_000;

const idempotency = (key: string | undefined) => (key ? { "idempotency-key": key } : {});

export type EnclaveClient = OrganizationApi & {
  readonly baseUrl: string;
  tenants: {
    /** `idempotencyKey` makes a retried create return the first answer instead of a duplicate. */
    create(input: CreateTenantInput, options: { idempotencyKey: string }): Promise<TenantOperation>;
    list(query?: ListTenantsQuery): Promise<Page<Tenant>>;
    /** Every tenant, page after page. */
    listAll(query?: Omit<ListTenantsQuery, "cursor">): AsyncGenerator<Tenant>;
    /** By id or by slug. */
    get(tenant: string): Promise<Tenant>;
    /** A plan change also starts a deployment, then in the answer with its `links`. */
    update(
      tenant: string,
      input: UpdateTenantInput,
      options?: { idempotencyKey?: string },
    ): Promise<TenantChange>;
    /** A new deployment of the tenant's current spec; 409 while another one is in progress. */
    redeploy(tenant: string, options: { idempotencyKey: string }): Promise<TenantOperation>;
    /** Scales the tenant to zero behind a 503 page, through a deployment. */
    suspend(tenant: string, options: { idempotencyKey: string }): Promise<TenantOperation>;
    /** Brings a suspended tenant back as it was, through a deployment. */
    resume(tenant: string, options: { idempotencyKey: string }): Promise<TenantOperation>;
    delete(tenant: string): Promise<TenantOperation>;
    /** A deleted tenant's erasure receipt: what was destroyed, and when. */
    erasure(tenant: string): Promise<Erasure>;
  };
  services: {
    /** In deploy order; the first public one is at the tenant's own host. */
    list(tenant: string): Promise<Service[]>;
    get(tenant: string, serviceName: string): Promise<Service>;
    /** Adds a service; the deployment also rolls the others with its URL. */
    create(
      tenant: string,
      input: CreateServiceInput,
      options: { idempotencyKey: string },
    ): Promise<TenantOperation>;
    /** Removes a service; the deployment removes its objects and rolls the others. */
    remove(
      tenant: string,
      serviceName: string,
      options: { idempotencyKey: string },
    ): Promise<TenantOperation>;
    /** Rolls only this service to `replicas` pods, on its serving image. */
    scale(
      tenant: string,
      serviceName: string,
      replicas: number,
      options: { idempotencyKey: string },
    ): Promise<TenantOperation>;
    /** New pods of the same image, one at a time. */
    restart(
      tenant: string,
      serviceName: string,
      options: { idempotencyKey: string },
    ): Promise<TenantOperation>;
    /** Changes one service and starts the deployment that brings the change to the cluster. */
    update(
      tenant: string,
      serviceName: string,
      input: UpdateServiceInput,
      options: { idempotencyKey: string },
    ): Promise<TenantOperation>;
  };
  env: {
    /** The tenant's shared variables, or a service's own with `service`; `reveal` needs admin. */
    list(tenant: string, options?: { service?: string; reveal?: boolean }): Promise<EnvList>;
    /** Merges the patch and starts the deployment that rolls the services it changes. */
    patch(
      tenant: string,
      patch: EnvPatch,
      options: { service?: string; idempotencyKey: string },
    ): Promise<TenantOperation>;
  };
  deployments: {
    list(tenant: string, query?: ListQuery): Promise<Page<Deployment>>;
    get(deploymentId: string): Promise<Deployment>;
    /** A new deployment of that earlier ready one's images and services, without a build. */
    rollback(deploymentId: string, options: { idempotencyKey: string }): Promise<TenantOperation>;
    /** Stops a queued or running deployment; answers it `cancelled`, or `running` until it stops. */
    cancel(deploymentId: string): Promise<Deployment>;
    /** Progress events from the start (or `lastEventId`) up to and including the terminal one. */
    events(deploymentId: string, options?: EventStreamOptions): AsyncGenerator<StreamedEvent>;
  };
  logs: {
    /** The build's log lines of a deployment, every attempt, as the edge keeps them. */
    deployment(deploymentId: string): Promise<DeploymentLogLine[]>;
    /** The lines every pod of a service has now, merged by time. */
    service(tenant: string, service: string, query?: ServiceLogsQuery): Promise<RuntimeLogLine[]>;
    /** New lines as they are written, until `signal` aborts or the pods' logs end. */
    follow(
      tenant: string,
      service: string,
      query: ServiceLogsQuery,
      signal: AbortSignal,
    ): AsyncGenerator<RuntimeLogLine>;
  };
  apiKeys: {
    /** The secret `key` is in this answer only. */
    create(input: CreateApiKeyInput, options?: { idempotencyKey?: string }): Promise<CreatedApiKey>;
    list(query?: ListQuery): Promise<Page<ApiKey>>;
    /** Effective immediately; resolves with the revoked key. */
    revoke(apiKeyId: string): Promise<ApiKey>;
  };
  plans: {
    /** Every plan a tenant can be on. */
    list(): Promise<{ data: Plan[] }>;
  };
  domains: {
    list(tenant: string): Promise<{ data: Domain[] }>;
    /** Claims the hostname; the answer names the DNS records that verify it. */
    add(tenant: string, domain: string): Promise<Domain>;
    /** Checks the DNS records; a verified domain of a ready tenant gets a deployment. */
    verify(tenant: string, domain: string): Promise<DomainChange>;
    remove(tenant: string, domain: string): Promise<DomainChange>;
  };
  networkRules: {
    list(tenant: string): Promise<{ data: NetworkRule[] }>;
    /** Starts the deployment that applies the rule. */
    add(tenant: string, input: AddNetworkRuleInput): Promise<NetworkRuleChange>;
    remove(tenant: string, ruleId: string): Promise<NetworkRuleChange>;
  };
  webhooks: {
    /** The signing `secret` is in this answer only. */
    create(input: CreateWebhookInput): Promise<CreatedWebhook>;
    list(query?: ListQuery): Promise<Page<Webhook>>;
    /** Resolves with the deleted webhook. */
    delete(webhookId: string): Promise<Webhook>;
    /** Sends a webhook.test event now; resolves with the attempt, delivered or not. */
    test(webhookId: string): Promise<WebhookDelivery>;
    /** Every attempt, newest first. */
    deliveries(webhookId: string, query?: ListQuery): Promise<Page<WebhookDelivery>>;
  };
  credentials: {
    list(tenant: string): Promise<{ credentials: Credential[] }>;
    /** The secret goes in the body only; the answer never carries it. */
    create(tenant: string, input: CreateCredentialInput): Promise<CredentialChange>;
    delete(tenant: string, credentialId: string): Promise<CredentialChange>;
  };
  database: {
    /** `reveal` adds the credentials: admin scope, audited. */
    get(tenant: string, options?: { reveal?: boolean }): Promise<TenantDatabase>;
    add(
      tenant: string,
      input: AddDatabaseInput,
      options: { idempotencyKey: string },
    ): Promise<TenantOperation>;
    rotatePassword(tenant: string, options: { idempotencyKey: string }): Promise<TenantOperation>;
  };
  backups: {
    /** Starts a backup deployment: its Job dumps, encrypts and uploads the database. */
    create(tenant: string, options: { idempotencyKey: string }): Promise<BackupOperation>;
    list(tenant: string, query?: ListQuery): Promise<Page<Backup>>;
    get(tenant: string, backupId: string): Promise<Backup>;
    /** Into the tenant's own database (services stopped around it), or a new one `into`. */
    restore(
      tenant: string,
      backupId: string,
      input: { into?: string },
      options: { idempotencyKey: string },
    ): Promise<BackupOperation>;
    delete(tenant: string, backupId: string): Promise<void>;
  };
};

export const createEnclaveClient = (options: ClientOptions): EnclaveClient => {
  const api = createApi(options);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const timed = () => ({ signal: AbortSignal.timeout(timeoutMs) });
  const tenants: EnclaveClient["tenants"] = {
    create: async (input, { idempotencyKey }) => {
      const answer = await dataOf(
        api.POST("/v1/tenants", {
          body: input,
          params: { header: idempotency(idempotencyKey) },
          ...timed(),
        }),
      );
      // The route also answers `?dryRun=true` (200), which this request never asks for.
      if ("dryRun" in answer) throw new Error("POST /v1/tenants answered a dry run");
      return answer;
    },
    list: (query = {}) => dataOf(api.GET("/v1/tenants", { params: { query }, ...timed() })),
    async *listAll(query = {}) {
      let cursor: string | undefined;
      do {
        const result = await tenants.list({ ...query, cursor });
        yield* result.data;
        cursor = result.nextCursor ?? undefined;
      } while (cursor);
    },
    get: (tenant) =>
      dataOf(api.GET("/v1/tenants/{id}", { params: { path: { id: tenant } }, ...timed() })),
    update: async (tenant, input, { idempotencyKey } = {}) => {
      const change = await dataOf(
        api.PATCH("/v1/tenants/{id}", {
          params: { path: { id: tenant }, header: idempotency(idempotencyKey) },
          body: input,
          ...timed(),
        }),
      );
      return "deployment" in change ? change : { tenant: change };
    },
    redeploy: (tenant, { idempotencyKey }) =>
      dataOf(
        api.POST("/v1/tenants/{id}/deployments", {
          params: { path: { id: tenant }, header: idempotency(idempotencyKey) },
          ...timed(),
        }),
      ),
    suspend: (tenant, { idempotencyKey }) =>
      dataOf(
        api.POST("/v1/tenants/{id}/suspend", {
          params: { path: { id: tenant }, header: idempotency(idempotencyKey) },
          ...timed(),
        }),
      ),
    resume: (tenant, { idempotencyKey }) =>
      dataOf(
        api.POST("/v1/tenants/{id}/resume", {
          params: { path: { id: tenant }, header: idempotency(idempotencyKey) },
          ...timed(),
        }),
      ),
    delete: (tenant) =>
      dataOf(api.DELETE("/v1/tenants/{id}", { params: { path: { id: tenant } }, ...timed() })),
    erasure: (tenant) =>
      dataOf(api.GET("/v1/tenants/{id}/erasure", { params: { path: { id: tenant } }, ...timed() })),
  };
  return {
    ...organizationApi(api, timed),
    baseUrl: options.baseUrl.replace(/\/+$/, ""),
    tenants,
    services: {
      list: async (tenant) =>
        (
          await dataOf(
            api.GET("/v1/tenants/{id}/services", { params: { path: { id: tenant } }, ...timed() }),
          )
        ).services,
      get: (tenant, serviceName) =>
        dataOf(
          api.GET("/v1/tenants/{id}/services/{name}", {
            params: { path: { id: tenant, name: serviceName } },
            ...timed(),
          }),
        ),
      create: (tenant, input, { idempotencyKey }) =>
        dataOf(
          api.POST("/v1/tenants/{id}/services", {
            params: { path: { id: tenant }, header: idempotency(idempotencyKey) },
            body: input,
            ...timed(),
          }),
        ),
      remove: (tenant, serviceName, { idempotencyKey }) =>
        dataOf(
          api.DELETE("/v1/tenants/{id}/services/{name}", {
            params: {
              path: { id: tenant, name: serviceName },
              header: idempotency(idempotencyKey),
            },
            ...timed(),
          }),
        ),
      scale: (tenant, serviceName, replicas, { idempotencyKey }) =>
        dataOf(
          api.POST("/v1/tenants/{id}/services/{name}/scale", {
            params: {
              path: { id: tenant, name: serviceName },
              header: idempotency(idempotencyKey),
            },
            body: { replicas },
            ...timed(),
          }),
        ),
      restart: (tenant, serviceName, { idempotencyKey }) =>
        dataOf(
          api.POST("/v1/tenants/{id}/services/{name}/restart", {
            params: {
              path: { id: tenant, name: serviceName },
              header: idempotency(idempotencyKey),
            },
            ...timed(),
          }),
        ),
      update: (tenant, serviceName, input, { idempotencyKey }) =>
        dataOf(
          api.PATCH("/v1/tenants/{id}/services/{name}", {
            params: {
              path: { id: tenant, name: serviceName },
              header: idempotency(idempotencyKey),
            },
            body: input,
            ...timed(),
          }),
        ),
    },
    env: {
      list: (tenant, { service, reveal } = {}) => {
        const query = reveal ? { reveal: "true" as const } : {};
        return service
          ? dataOf(
              api.GET("/v1/tenants/{id}/services/{name}/env", {
                params: { path: { id: tenant, name: service }, query },
                ...timed(),
              }),
            )
          : dataOf(
              api.GET("/v1/tenants/{id}/env", {
                params: { path: { id: tenant }, query },
                ...timed(),
              }),
            );
      },
      patch: (tenant, patch, { service, idempotencyKey }) => {
        const header = idempotency(idempotencyKey);
        return service
          ? dataOf(
              api.PATCH("/v1/tenants/{id}/services/{name}/env", {
                params: { path: { id: tenant, name: service }, header },
                body: patch,
                ...timed(),
              }),
            )
          : dataOf(
              api.PATCH("/v1/tenants/{id}/env", {
                params: { path: { id: tenant }, header },
                body: patch,
                ...timed(),
              }),
            );
      },
    },
    deployments: {
      list: (tenant, query = {}) =>
        dataOf(
          api.GET("/v1/tenants/{id}/deployments", {
            params: { path: { id: tenant }, query },
            ...timed(),
          }),
        ),
      get: (deploymentId) =>
        dataOf(
          api.GET("/v1/deployments/{id}", { params: { path: { id: deploymentId } }, ...timed() }),
        ),
      rollback: (deploymentId, { idempotencyKey }) =>
        dataOf(
          api.POST("/v1/deployments/{id}/rollback", {
            params: { path: { id: deploymentId }, header: idempotency(idempotencyKey) },
            ...timed(),
          }),
        ),
      cancel: (deploymentId) =>
        dataOf(
          api.POST("/v1/deployments/{id}/cancel", {
            params: { path: { id: deploymentId } },
            ...timed(),
          }),
        ),
      events: (deploymentId, streamOptions) =>
        streamDeploymentEvents(api, deploymentId, streamOptions),
    },
    logs: {
      deployment: (deploymentId) => deploymentLogs(api, deploymentId, timed().signal),
      service: (tenant, service, query = {}) =>
        serviceLogs(api, tenant, service, query, timed().signal),
      follow: (tenant, service, query, signal) =>
        followServiceLogs(api, tenant, service, query, signal),
    },
    apiKeys: {
      create: (input, { idempotencyKey } = {}) =>
        dataOf(
          api.POST("/v1/api-keys", {
            body: input,
            params: { header: idempotency(idempotencyKey) },
            ...timed(),
          }),
        ),
      list: (query = {}) => dataOf(api.GET("/v1/api-keys", { params: { query }, ...timed() })),
      revoke: (apiKeyId) =>
        dataOf(api.DELETE("/v1/api-keys/{id}", { params: { path: { id: apiKeyId } }, ...timed() })),
    },
    plans: {
      list: () => dataOf(api.GET("/v1/plans", { ...timed() })),
    },
    domains: {
      list: (tenant) =>
        dataOf(
          api.GET("/v1/tenants/{id}/domains", { params: { path: { id: tenant } }, ...timed() }),
        ),
      add: (tenant, domain) =>
        dataOf(
          api.POST("/v1/tenants/{id}/domains", {
            params: { path: { id: tenant } },
            body: { domain },
            ...timed(),
          }),
        ),
      verify: (tenant, domain) =>
        dataOf(
          api.POST("/v1/tenants/{id}/domains/{domain}/verify", {
            params: { path: { id: tenant, domain } },
            ...timed(),
          }),
        ),
      remove: (tenant, domain) =>
        dataOf(
          api.DELETE("/v1/tenants/{id}/domains/{domain}", {
            params: { path: { id: tenant, domain } },
            ...timed(),
          }),
        ),
    },
    networkRules: {
      list: (tenant) =>
        dataOf(
          api.GET("/v1/tenants/{id}/network-rules", {
            params: { path: { id: tenant } },
            ...timed(),
          }),
        ),
      add: (tenant, input) =>
        dataOf(
          api.POST("/v1/tenants/{id}/network-rules", {
            params: { path: { id: tenant } },
            body: input,
            ...timed(),
          }),
        ),
      remove: (tenant, ruleId) =>
        dataOf(
          api.DELETE("/v1/tenants/{id}/network-rules/{ruleId}", {
            params: { path: { id: tenant, ruleId } },
            ...timed(),
          }),
        ),
    },
    webhooks: {
      create: (input) => dataOf(api.POST("/v1/webhooks", { body: input, ...timed() })),
      list: (query = {}) => dataOf(api.GET("/v1/webhooks", { params: { query }, ...timed() })),
      delete: (webhookId) =>
        dataOf(
          api.DELETE("/v1/webhooks/{id}", { params: { path: { id: webhookId } }, ...timed() }),
        ),
      test: (webhookId) =>
        dataOf(
          api.POST("/v1/webhooks/{id}/test", { params: { path: { id: webhookId } }, ...timed() }),
        ),
      deliveries: (webhookId, query = {}) =>
        dataOf(
          api.GET("/v1/webhooks/{id}/deliveries", {
            params: { path: { id: webhookId }, query },
            ...timed(),
          }),
        ),
    },
    credentials: {
      list: (tenant) =>
        dataOf(
          api.GET("/v1/tenants/{id}/credentials", { params: { path: { id: tenant } }, ...timed() }),
        ),
      create: (tenant, input) =>
        dataOf(
          api.POST("/v1/tenants/{id}/credentials", {
            params: { path: { id: tenant } },
            body: input,
            ...timed(),
          }),
        ),
      delete: (tenant, credentialId) =>
        dataOf(
          api.DELETE("/v1/tenants/{id}/credentials/{credentialId}", {
            params: { path: { id: tenant, credentialId } },
            ...timed(),
          }),
        ),
    },
    database: {
      get: (tenant, { reveal } = {}) =>
        dataOf(
          api.GET("/v1/tenants/{id}/database", {
            params: { path: { id: tenant }, query: reveal ? { reveal: "true" } : {} },
            ...timed(),
          }),
        ),
      add: (tenant, input, { idempotencyKey }) =>
        dataOf(
          api.POST("/v1/tenants/{id}/database", {
            params: { path: { id: tenant }, header: idempotency(idempotencyKey) },
            body: input,
            ...timed(),
          }),
        ),
      rotatePassword: (tenant, { idempotencyKey }) =>
        dataOf(
          api.POST("/v1/tenants/{id}/database/rotate-password", {
            params: { path: { id: tenant }, header: idempotency(idempotencyKey) },
            ...timed(),
          }),
        ),
    },
    backups: {
      create: (tenant, { idempotencyKey }) =>
        dataOf(
          api.POST("/v1/tenants/{id}/database/backups", {
            params: { path: { id: tenant }, header: idempotency(idempotencyKey) },
            ...timed(),
          }),
        ),
      list: (tenant, query = {}) =>
        dataOf(
          api.GET("/v1/tenants/{id}/database/backups", {
            params: { path: { id: tenant }, query },
            ...timed(),
          }),
        ),
      get: (tenant, backupId) =>
        dataOf(
          api.GET("/v1/tenants/{id}/database/backups/{backupId}", {
            params: { path: { id: tenant, backupId } },
            ...timed(),
          }),
        ),
      restore: (tenant, backupId, input, { idempotencyKey }) =>
        dataOf(
          api.POST("/v1/tenants/{id}/database/backups/{backupId}/restore", {
            params: { path: { id: tenant, backupId }, header: idempotency(idempotencyKey) },
            body: input,
            ...timed(),
          }),
        ),
      delete: async (tenant, backupId) => {
        await api.DELETE("/v1/tenants/{id}/database/backups/{backupId}", {
          params: { path: { id: tenant, backupId } },
          ...timed(),
        });
      },
    },
  };
};
