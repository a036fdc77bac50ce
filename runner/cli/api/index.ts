import type { StreamedEvent } from "../../../worker/contracts/index.ts";
import { type EventStreamOptions, streamDeploymentEvents } from "./events.ts";
import { type ClientOptions, Transport } from "./http.ts";
import {
  ApiKey,
  type CreateApiKeyInput,
  CreatedApiKey,
  type CreateTenantInput,
  Deployment,
  type ListQuery,
  type ListTenantsQuery,
  type Page,
  page,
  Tenant,
  TenantChange,
  TenantOperation,
  type UpdateServiceInput,
  type UpdateTenantInput,
} from "./types.ts";

export { ApiError, ConnectionError, type FieldError } from "./errors.ts";
export { EventStreamError, type EventStreamOptions } from "./events.ts";
export type { ClientOptions } from "./http.ts";
export { readSse, type SseMessage, SseParser } from "./sse.ts";
export * from "./types.ts";

const id = (value: string) => encodeURIComponent(value);
const idempotencyHeaders = (key: string | undefined): Record<string, string> =>
  key ? { "idempotency-key": key } : {};

export type EnclaveClient = {
  readonly baseUrl: string;
  tenants: {
    /** `idempotencyKey` makes a retried create return the first answer instead of a duplicate. */
    create(input: CreateTenantInput, options: { idempotencyKey: string }): Promise<TenantOperation>;
    list(query?: ListTenantsQuery): Promise<Page<Tenant>>;
    /** Every tenant, page after page. */
    listAll(query?: Omit<ListTenantsQuery, "cursor">): AsyncGenerator<Tenant>;
    get(tenantId: string): Promise<Tenant>;
    /** A plan change also starts a deployment, then in the answer with its `links`. */
    update(
      tenantId: string,
      input: UpdateTenantInput,
      options?: { idempotencyKey?: string },
    ): Promise<TenantChange>;
    /** A new deployment of the tenant's current spec; 409 while another one is in progress. */
    redeploy(tenantId: string, options: { idempotencyKey: string }): Promise<TenantOperation>;
    delete(tenantId: string): Promise<TenantOperation>;
  };
  services: {
    /** Changes one service and starts the deployment that brings the change to the cluster. */
    update(
      tenantId: string,
      serviceName: string,
      input: UpdateServiceInput,
      options: { idempotencyKey: string },
    ): Promise<TenantOperation>;
  };
  deployments: {
    list(tenantId: string, query?: ListQuery): Promise<Page<Deployment>>;
    get(deploymentId: string): Promise<Deployment>;
    /** Progress events from the start (or `lastEventId`) up to and including the terminal one. */
    events(deploymentId: string, options?: EventStreamOptions): AsyncGenerator<StreamedEvent>;
  };
  apiKeys: {
    /** The secret `key` is in this answer only. */
    create(input: CreateApiKeyInput, options?: { idempotencyKey?: string }): Promise<CreatedApiKey>;
    list(query?: ListQuery): Promise<Page<ApiKey>>;
    /** Effective immediately; resolves with the revoked key. */
    revoke(apiKeyId: string): Promise<ApiKey>;
  };
};

export const createEnclaveClient = (options: ClientOptions): EnclaveClient => {
  const http = new Transport(options);
  const tenants: EnclaveClient["tenants"] = {
    create: (input, { idempotencyKey }) =>
      http.json("POST", "/v1/tenants", TenantOperation, {
        body: input,
        headers: idempotencyHeaders(idempotencyKey),
      }),
    list: (query = {}) => http.json("GET", "/v1/tenants", page(Tenant), { query }),
    async *listAll(query = {}) {
      let cursor: string | undefined;
      do {
        const result = await tenants.list({ ...query, cursor });
        yield* result.data;
        cursor = result.nextCursor ?? undefined;
      } while (cursor);
    },
    get: (tenantId) => http.json("GET", `/v1/tenants/${id(tenantId)}`, Tenant),
    update: (tenantId, input, { idempotencyKey } = {}) =>
      http.json("PATCH", `/v1/tenants/${id(tenantId)}`, TenantChange, {
        body: input,
        headers: idempotencyHeaders(idempotencyKey),
      }),
    redeploy: (tenantId, { idempotencyKey }) =>
      http.json("POST", `/v1/tenants/${id(tenantId)}/deployments`, TenantOperation, {
        headers: idempotencyHeaders(idempotencyKey),
      }),
    delete: (tenantId) => http.json("DELETE", `/v1/tenants/${id(tenantId)}`, TenantOperation),
  };
  return {
    baseUrl: http.baseUrl,
    tenants,
    services: {
      update: (tenantId, serviceName, input, { idempotencyKey }) =>
        http.json(
          "PATCH",
          `/v1/tenants/${id(tenantId)}/services/${id(serviceName)}`,
          TenantOperation,
          { body: input, headers: idempotencyHeaders(idempotencyKey) },
        ),
    },
    deployments: {
      list: (tenantId, query = {}) =>
        http.json("GET", `/v1/tenants/${id(tenantId)}/deployments`, page(Deployment), { query }),
      get: (deploymentId) => http.json("GET", `/v1/deployments/${id(deploymentId)}`, Deployment),
      events: (deploymentId, streamOptions) =>
        streamDeploymentEvents(http, deploymentId, streamOptions),
    },
    apiKeys: {
      create: (input, { idempotencyKey } = {}) =>
        http.json("POST", "/v1/api-keys", CreatedApiKey, {
          body: input,
          headers: idempotencyHeaders(idempotencyKey),
        }),
      list: (query = {}) => http.json("GET", "/v1/api-keys", page(ApiKey), { query }),
      revoke: (apiKeyId) => http.json("DELETE", `/v1/api-keys/${id(apiKeyId)}`, ApiKey),
    },
  };
};
