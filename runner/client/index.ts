import type { StreamedEvent } from "../../worker/contracts/index.ts";
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
  TenantOperation,
  type UpdateTenantInput,
} from "./types.ts";

export { ApiError, ConnectionError, type FieldError } from "./errors.ts";
export { EventStreamError, type EventStreamOptions } from "./events.ts";
export type { ClientOptions } from "./http.ts";
export { readSse, type SseMessage, SseParser } from "./sse.ts";
export * from "./types.ts";

const id = (value: string) => encodeURIComponent(value);

export type EnclaveClient = {
  readonly baseUrl: string;
  tenants: {
    /** `idempotencyKey` makes a retried create return the first answer instead of a duplicate. */
    create(input: CreateTenantInput, options: { idempotencyKey: string }): Promise<TenantOperation>;
    list(query?: ListTenantsQuery): Promise<Page<Tenant>>;
    /** Every tenant, page after page. */
    listAll(query?: Omit<ListTenantsQuery, "cursor">): AsyncGenerator<Tenant>;
    get(tenantId: string): Promise<Tenant>;
    update(tenantId: string, input: UpdateTenantInput): Promise<Tenant>;
    delete(tenantId: string): Promise<TenantOperation>;
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
        headers: { "idempotency-key": idempotencyKey },
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
    update: (tenantId, input) =>
      http.json("PATCH", `/v1/tenants/${id(tenantId)}`, Tenant, { body: input }),
    delete: (tenantId) => http.json("DELETE", `/v1/tenants/${id(tenantId)}`, TenantOperation),
  };
  return {
    baseUrl: http.baseUrl,
    tenants,
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
          headers: idempotencyKey ? { "idempotency-key": idempotencyKey } : {},
        }),
      list: (query = {}) => http.json("GET", "/v1/api-keys", page(ApiKey), { query }),
      revoke: (apiKeyId) => http.json("DELETE", `/v1/api-keys/${id(apiKeyId)}`, ApiKey),
    },
  };
};
