import type { z } from "zod";
import { apiErrorFrom, ConnectionError } from "./errors.ts";

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

export type Query = Record<string, string | number | boolean | undefined>;

export type RequestOptions = {
  query?: Query;
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
};

const DEFAULT_TIMEOUT_MS = 30_000;

/** Authenticated HTTP against the API: JSON in and out, problem+json turned into ApiError. */
export class Transport {
  readonly baseUrl: string;
  readonly #apiKey: string;
  readonly #fetch: typeof fetch;
  readonly #userAgent: string;
  readonly #timeoutMs: number;

  constructor(options: ClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, "");
    this.#apiKey = options.apiKey;
    this.#fetch = options.fetch ?? globalThis.fetch;
    this.#userAgent = options.userAgent ?? "enclave-client";
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  url(path: string, query?: Query): string {
    const url = new URL(`${this.baseUrl}${path}`);
    for (const [name, value] of Object.entries(query ?? {})) {
      if (value !== undefined) url.searchParams.set(name, String(value));
    }
    return url.toString();
  }

  /** Sends the request; resolves with the raw response only when it is a 2xx. */
  async send(method: string, path: string, options: RequestOptions = {}): Promise<Response> {
    const url = this.url(path, options.query);
    const headers: Record<string, string> = {
      authorization: `Bearer ${this.#apiKey}`,
      accept: "application/json, application/problem+json",
      "user-agent": this.#userAgent,
      ...options.headers,
    };
    let body: string | undefined;
    if (options.body !== undefined) {
      headers["content-type"] = "application/json";
      body = JSON.stringify(options.body);
    }
    let response: Response;
    try {
      response = await this.#fetch(url, { method, headers, body, signal: options.signal });
    } catch (error) {
      // The caller's own abort propagates as is; a timeout is a connection problem.
      const reason: unknown = options.signal?.reason;
      if (options.signal?.aborted && !(reason instanceof Error && reason.name === "TimeoutError")) {
        throw error;
      }
      throw new ConnectionError(url, error);
    }
    if (!response.ok) {
      const text = await response.text().catch(() => "");
      throw apiErrorFrom(response.status, response.statusText, response.headers, text);
    }
    return response;
  }

  /** A JSON round trip, the answer checked against `schema` so callers get what they typed. */
  async json<S extends z.ZodType>(
    method: string,
    path: string,
    schema: S,
    options: RequestOptions = {},
  ): Promise<z.infer<S>> {
    const signal = options.signal ?? AbortSignal.timeout(this.#timeoutMs);
    const response = await this.send(method, path, { ...options, signal });
    const text = await response.text();
    let value: unknown;
    try {
      value = text === "" ? undefined : JSON.parse(text);
    } catch (error) {
      throw new Error(`${method} ${path}: the API answered ${response.status} with invalid JSON`, {
        cause: error,
      });
    }
    const result = schema.safeParse(value);
    if (!result.success) {
      throw new Error(`${method} ${path}: unexpected response shape: ${result.error.message}`, {
        cause: result.error,
      });
    }
    return result.data;
  }
}
