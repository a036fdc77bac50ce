import createClient, { type Client } from "openapi-fetch";
import type { paths } from "../../../worker/contracts/openapi.d.ts";
import { apiErrorFrom, ConnectionError } from "./errors.ts";
import { replayDropped } from "./replay-dropped.ts";

export type ClientOptions = {
  /** e.g. `https://api.enclave.example` or `http://127.0.0.1:8787`; a path prefix is kept. */
  baseUrl: string;
  apiKey: string;
  /** Injected for tests or proxies; defaults to the global (undici) fetch. */
  fetch?: typeof fetch;
  userAgent?: string;
  /** Per request, not for event streams. */
  timeoutMs?: number;
};

export type Api = Client<paths>;

/** The caller's own abort propagates as is; a timeout is a connection problem. */
const abortedByCaller = (signal: AbortSignal): boolean => {
  const reason: unknown = signal.reason;
  return signal.aborted && !(reason instanceof Error && reason.name === "TimeoutError");
};

/**
 * openapi-fetch typed by the served document, authenticated, with every non-2xx answer thrown
 * as an ApiError (from its problem+json) and every network failure as a ConnectionError, so
 * callers only ever see successful data. A read or an Idempotency-Key write whose connection
 * dropped is sent again first.
 */
export const createApi = (options: ClientOptions): Api => {
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const api = createClient<paths>({
    baseUrl: options.baseUrl.replace(/\/+$/, ""),
    fetch: replayDropped((request) => fetchImpl(request)),
    headers: {
      authorization: `Bearer ${options.apiKey}`,
      accept: "application/json, application/problem+json",
      "user-agent": options.userAgent ?? "enclave-client",
    },
  });
  api.use({
    async onResponse({ response }) {
      if (response.ok) return undefined;
      const text = await response.text().catch(() => "");
      throw apiErrorFrom(response.status, response.statusText, response.headers, text);
    },
    onError({ request, error }) {
      if (abortedByCaller(request.signal)) return undefined;
      return new ConnectionError(request.url, error);
    },
  });
  return api;
};

/** The data of a successful answer (the middleware above has thrown for the others). */
export const dataOf = async <T>(call: Promise<{ data?: T; response: Response }>): Promise<T> => {
  const { data, response } = await call;
  if (data === undefined) {
    throw new Error(`${response.url}: the API answered ${response.status} without a body`);
  }
  return data;
};
