import { createHash } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { type Dispatcher, request } from "undici";
import { DetectionError } from "../detect/errors.ts";

export interface GithubClientOptions {
  apiUrl: string;
  token?: string;
  dispatcher?: Dispatcher;
  /** Longest wait for a rate-limit reset before failing instead. */
  maxRateLimitWaitMs: number;
  /** Requests in flight at once. */
  concurrency: number;
}

export interface GithubResponse {
  status: number;
  body: string;
}

/** What a snapshot cost: requests sent, answered from the ETag cache, and sequential rounds. */
export interface RequestStats {
  requests: number;
  notModified: number;
  roundTrips: number;
}

interface CachedResponse {
  etag: string;
  body: string;
}

/** ETag cache shared by all clients: a 304 costs no rate limit. Keyed by credential and URL. */
const etagCache = new Map<string, CachedResponse>();
const ETAG_CACHE_ENTRIES = 2000;

/** Rate-limit state per credential, shared so concurrent jobs do not hammer an exhausted quota. */
const rateLimits = new Map<string, { remaining: number; resetAt: number }>();

/**
 * A small GitHub REST client: bounded concurrency, conditional requests from the ETag cache,
 * and rate-limit headers respected: it waits for a reset that is near, and fails clearly
 * when it is not. It also counts sequential round trips, which the benchmark reports.
 */
export class GithubClient {
  readonly stats: RequestStats = { requests: 0, notModified: 0, roundTrips: 0 };
  readonly #options: GithubClientOptions;
  readonly #identity: string;
  #active = 0;
  readonly #waiting: (() => void)[] = [];
  #completedDepth = 0;

  constructor(options: GithubClientOptions) {
    this.#options = options;
    this.#identity = options.token
      ? createHash("sha256").update(options.token).digest("hex").slice(0, 16)
      : "anonymous";
  }

  get authenticated(): boolean {
    return this.#options.token !== undefined;
  }

  /** GET an API path; `accept` picks the media type (raw file, bare SHA, JSON). */
  async get(path: string, accept: string): Promise<GithubResponse> {
    await this.#acquire();
    try {
      return await this.#send(path, accept, true);
    } finally {
      this.#release();
    }
  }

  async #send(path: string, accept: string, mayRetry: boolean): Promise<GithubResponse> {
    await this.#respectRateLimit();
    const url = `${this.#options.apiUrl}${path}`;
    const key = `${this.#identity}\0${accept}\0${url}`;
    const cached = etagCache.get(key);
    const headers: Record<string, string> = {
      accept,
      "user-agent": "enclave-runner",
      "x-github-api-version": "2022-11-28",
    };
    if (this.#options.token) headers.authorization = `Bearer ${this.#options.token}`;
    if (cached) headers["if-none-match"] = cached.etag;
    const depth = this.#completedDepth + 1;
    this.stats.requests++;
    const response = await request(url, {
      method: "GET",
      headers,
      dispatcher: this.#options.dispatcher,
    }).catch((error: unknown) => {
      throw new DetectionError(
        "source_unavailable",
        "GitHub could not be reached. Try again in a few minutes.",
        { cause: error },
      );
    });
    const body = await response.body.text();
    this.#completedDepth = Math.max(this.#completedDepth, depth);
    this.stats.roundTrips = this.#completedDepth;
    this.#recordRateLimit(response.headers);
    if (response.statusCode === 304 && cached) {
      this.stats.notModified++;
      return { status: 200, body: cached.body };
    }
    if (
      (response.statusCode === 403 || response.statusCode === 429) &&
      this.#isRateLimited(response.headers)
    ) {
      if (!mayRetry) throw this.#rateLimitError();
      await this.#respectRateLimit(header(response.headers, "retry-after"));
      return this.#send(path, accept, false);
    }
    const etag = header(response.headers, "etag");
    if (response.statusCode === 200 && etag) {
      etagCache.delete(key);
      etagCache.set(key, { etag, body });
      if (etagCache.size > ETAG_CACHE_ENTRIES)
        etagCache.delete(etagCache.keys().next().value ?? "");
    }
    return { status: response.statusCode, body };
  }

  #isRateLimited(headers: Record<string, string | string[] | undefined>): boolean {
    return (
      header(headers, "x-ratelimit-remaining") === "0" ||
      header(headers, "retry-after") !== undefined
    );
  }

  #recordRateLimit(headers: Record<string, string | string[] | undefined>): void {
    const remaining = header(headers, "x-ratelimit-remaining");
    const reset = header(headers, "x-ratelimit-reset");
    if (remaining !== undefined && reset !== undefined) {
      rateLimits.set(this.#identity, {
        remaining: Number(remaining),
        resetAt: Number(reset) * 1000,
      });
    }
  }

  /** Waits for the quota to reset when it is exhausted and the reset is near enough. */
  async #respectRateLimit(retryAfter?: string): Promise<void> {
    const state = rateLimits.get(this.#identity);
    const now = Date.now();
    const waitMs =
      retryAfter !== undefined
        ? Number(retryAfter) * 1000
        : state && state.remaining <= 0 && state.resetAt > now
          ? state.resetAt - now
          : 0;
    if (waitMs <= 0) return;
    if (waitMs > this.#options.maxRateLimitWaitMs) throw this.#rateLimitError();
    await sleep(waitMs);
    rateLimits.delete(this.#identity);
  }

  #rateLimitError(): DetectionError {
    const resetAt = rateLimits.get(this.#identity)?.resetAt;
    const when = resetAt ? ` until ${new Date(resetAt).toISOString()}` : "";
    const advice = this.authenticated
      ? "Try again later."
      : "Add a GitHub token to the tenant's source credentials for a higher limit, or try again later.";
    return new DetectionError(
      "rate_limited",
      `GitHub's API rate limit is exhausted${when}. ${advice}`,
    );
  }

  async #acquire(): Promise<void> {
    if (this.#active < this.#options.concurrency) {
      this.#active++;
      return;
    }
    await new Promise<void>((resolve) => this.#waiting.push(resolve));
  }

  #release(): void {
    const next = this.#waiting.shift();
    if (next) next();
    else this.#active--;
  }
}

function header(
  headers: Record<string, string | string[] | undefined>,
  name: string,
): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Forgets cached responses and rate-limit state; for tests that need a cold start. */
export function resetGithubCaches(): void {
  etagCache.clear();
  rateLimits.clear();
}
