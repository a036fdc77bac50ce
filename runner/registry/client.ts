import type { IncomingHttpHeaders } from "node:http";
import { Agent, request } from "undici";
import { type Backoff, parseRetryAfter, withRetry } from "../retry/retry.ts";
import {
  authorizationOf,
  type BearerChallenge,
  parseBearerChallenge,
  type RegistryCredentials,
} from "./auth.ts";
import { RegistryError, registryErrorOf } from "./errors.ts";

/**
 * Every manifest kind a build can push. Without the index types a multi-platform image
 * answers 404, and without the Docker types a registry may convert the manifest and report
 * the digest of the converted one, which DELETE then cannot find.
 */
const MANIFEST_TYPES = [
  "application/vnd.oci.image.manifest.v1+json",
  "application/vnd.oci.image.index.v1+json",
  "application/vnd.docker.distribution.manifest.v2+json",
  "application/vnd.docker.distribution.manifest.list.v2+json",
].join(", ");

// The Distribution spec's grammar; anything else never reaches a URL.
const NAME = /^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*)*$/;
const TAG = /^[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}$/;
const DIGEST = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;
const NEXT_LINK = /<([^>]*)>\s*;\s*rel="?next"?/i;
const TAGS_PAGE_SIZE = 100;

export interface RegistryClientOptions {
  /** The registry's API as the runner reaches it: `http(s)://host[:port]`. */
  url: string;
  credentials?: RegistryCredentials | undefined;
  /** Per request, each of connect, headers and body. */
  timeoutMs?: number;
  /** Tries per request on 429, 5xx and dropped connections, the first included. */
  attempts?: number;
  backoff?: Backoff;
  /** The longest Retry-After honoured; a registry asking for more is retried after this. */
  maxRetryAfterMs?: number;
  signal?: AbortSignal;
}

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

const isRetryable = (status: number) => status === 429 || status >= 500;

/** An answer worth another try (429, 5xx); kept, because after the last try it is the answer. */
class RetryableReply extends Error {
  readonly reply: Reply;
  constructor(reply: Reply) {
    super(`the registry answered ${reply.status}`);
    this.reply = reply;
  }
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function checked(pattern: RegExp, what: string, value: string): string {
  if (!pattern.test(value)) throw new RegistryError(`invalid ${what}: ${JSON.stringify(value)}`);
  return value;
}

const checkedReference = (reference: string) =>
  DIGEST.test(reference) ? reference : checked(TAG, "tag", reference);

/**
 * A client of the OCI Distribution API (v2) for what cleanup needs: list a repository's
 * tags, resolve a tag to its manifest digest, delete a manifest. It answers the token
 * authentication challenge itself and retries what a busy registry asks it to.
 */
export class RegistryClient {
  readonly #base: URL;
  readonly #credentials: RegistryCredentials | undefined;
  readonly #agent: Agent;
  readonly #attempts: number;
  readonly #backoff: Backoff;
  readonly #maxRetryAfterMs: number;
  readonly #signal: AbortSignal | undefined;
  /** Bearer tokens from the token service, by repository and action. */
  readonly #tokens = new Map<string, string>();

  constructor(options: RegistryClientOptions) {
    this.#base = new URL(options.url);
    this.#credentials = options.credentials;
    const timeout = options.timeoutMs ?? 10_000;
    this.#agent = new Agent({
      connectTimeout: timeout,
      headersTimeout: timeout,
      bodyTimeout: timeout,
    });
    this.#attempts = options.attempts ?? 4;
    this.#backoff = options.backoff ?? { baseMs: 250, maxMs: 5_000 };
    this.#maxRetryAfterMs = options.maxRetryAfterMs ?? 30_000;
    this.#signal = options.signal;
  }

  /** The registry's origin, for messages. */
  get url(): string {
    return this.#base.origin;
  }

  /** Fails unless the URL serves the Distribution API and the credentials are accepted. */
  async ping(): Promise<void> {
    const reply = await this.#call("GET", "/v2/", "");
    if (reply.status !== 200) throw this.#failure("GET", "/v2/", reply);
  }

  /** Every tag of a repository, following `Link` pages; none when the repository does not exist. */
  async listTags(name: string): Promise<string[]> {
    const tags: string[] = [];
    const visited = new Set<string>();
    let path: string | undefined =
      `/v2/${checked(NAME, "repository name", name)}/tags/list?n=${TAGS_PAGE_SIZE}`;
    while (path !== undefined) {
      if (visited.has(path)) throw new RegistryError(`${this.url}: tag pages loop at ${path}`);
      visited.add(path);
      const reply: Reply = await this.#call("GET", path, `repository:${name}:pull`);
      if (reply.status === 404) return tags;
      if (reply.status !== 200) throw this.#failure("GET", path, reply);
      try {
        const page = JSON.parse(reply.body) as { tags?: string[] | null };
        tags.push(...(page.tags ?? []));
      } catch (error) {
        throw new RegistryError(`GET ${path} answered invalid JSON`, { cause: error });
      }
      path = this.#nextPage(header(reply.headers, "link"));
    }
    return tags;
  }

  /** The digest of the manifest a tag (or digest) names; undefined when there is none. */
  async resolveDigest(name: string, reference: string): Promise<string | undefined> {
    const path = `/v2/${checked(NAME, "repository name", name)}/manifests/${checkedReference(reference)}`;
    const reply = await this.#call("HEAD", path, `repository:${name}:pull`, {
      accept: MANIFEST_TYPES,
    });
    if (reply.status === 404) return undefined;
    if (reply.status !== 200) throw this.#failure("HEAD", path, reply);
    const digest = header(reply.headers, "docker-content-digest");
    if (!digest || !DIGEST.test(digest)) {
      throw new RegistryError(`HEAD ${path} answered without a Docker-Content-Digest`);
    }
    return digest;
  }

  /**
   * Deletes a manifest (and so every tag naming it). True when this call deleted it, false
   * when it was already gone. The registry reclaims the layers at its next garbage collection.
   */
  async deleteManifest(name: string, digest: string): Promise<boolean> {
    const path = `/v2/${checked(NAME, "repository name", name)}/manifests/${checked(DIGEST, "digest", digest)}`;
    const reply = await this.#call("DELETE", path, `repository:${name}:delete`);
    if (reply.status === 202 || reply.status === 200) return true;
    if (reply.status === 404) return false;
    if (reply.status === 405) {
      throw new RegistryError(
        `the registry at ${this.url} does not allow deleting images: enable deletion ` +
          "(storage.delete.enabled: true in the registry's config.yml, or " +
          "REGISTRY_STORAGE_DELETE_ENABLED=true)",
        { status: 405, code: registryErrorOf(reply.body)?.code },
      );
    }
    throw this.#failure("DELETE", path, reply);
  }

  close(): Promise<void> {
    return this.#agent.close();
  }

  /**
   * One API call with the credentials it needs: the configured ones first, then, when the
   * registry answers with a token challenge, a token from its token service for the scope it
   * names (kept for the next call on the same repository and action).
   */
  async #call(
    method: string,
    path: string,
    tokenKey: string,
    headers: Record<string, string> = {},
  ): Promise<Reply> {
    const url = new URL(path, this.#base);
    const cached = this.#tokens.get(tokenKey);
    let reply = await this.#send(
      method,
      url,
      headers,
      cached ?? authorizationOf(this.#credentials),
    );
    if (reply.status === 401) {
      const challenge = parseBearerChallenge(header(reply.headers, "www-authenticate"));
      if (!challenge || this.#credentials?.kind === "bearer") throw this.#rejected(method, path);
      const authorization = `Bearer ${await this.#fetchToken(challenge)}`;
      this.#tokens.set(tokenKey, authorization);
      reply = await this.#send(method, url, headers, authorization);
      if (reply.status === 401) throw this.#rejected(method, path);
    }
    if (reply.status === 403) {
      throw new RegistryError(`${method} ${path}: the registry denied access`, {
        status: 403,
        code: registryErrorOf(reply.body)?.code,
      });
    }
    return reply;
  }

  async #fetchToken(challenge: BearerChallenge): Promise<string> {
    const url = new URL(challenge.realm);
    if (challenge.service) url.searchParams.set("service", challenge.service);
    if (challenge.scope) url.searchParams.set("scope", challenge.scope);
    const reply = await this.#send("GET", url, {}, authorizationOf(this.#credentials));
    if (reply.status !== 200) {
      throw new RegistryError(
        `the registry's token service at ${url.origin}${url.pathname} answered ${reply.status}`,
        { status: reply.status },
      );
    }
    try {
      const body = JSON.parse(reply.body) as { token?: unknown; access_token?: unknown };
      const token = body.token ?? body.access_token;
      if (typeof token === "string" && token !== "") return token;
    } catch (error) {
      throw new RegistryError("the registry's token service answered invalid JSON", {
        cause: error,
      });
    }
    throw new RegistryError("the registry's token service answered without a token");
  }

  /** Sends one request, retrying dropped connections, 429 and 5xx (after Retry-After, if sent). */
  async #send(
    method: string,
    url: URL,
    headers: Record<string, string>,
    authorization: string | undefined,
  ): Promise<Reply> {
    const what = `${method} ${url.origin}${url.pathname}`;
    const unreachable = (error: unknown) =>
      error instanceof RegistryError && error.cause !== undefined;
    try {
      return await withRetry(
        async () => {
          let reply: Reply;
          try {
            const response = await request(url, {
              method: method as "GET",
              headers: { ...headers, ...(authorization ? { authorization } : {}) },
              dispatcher: this.#agent,
              signal: this.#signal,
            });
            reply = {
              status: response.statusCode,
              headers: response.headers,
              body: await response.body.text(),
            };
          } catch (error) {
            throw new RegistryError(`${what} did not reach the registry`, { cause: error });
          }
          if (isRetryable(reply.status)) throw new RetryableReply(reply);
          return reply;
        },
        {
          policy: {
            ...this.#backoff,
            attempts: this.#attempts,
            maxRetryAfterMs: this.#maxRetryAfterMs,
          },
          retryable: (error) => error instanceof RetryableReply || unreachable(error),
          retryAfterMs: (error) =>
            error instanceof RetryableReply
              ? parseRetryAfter(header(error.reply.headers, "retry-after"))
              : undefined,
          signal: this.#signal,
        },
      );
    } catch (error) {
      if (error instanceof RetryableReply) return error.reply;
      throw error;
    }
  }

  /**
   * The next page's path from a `Link` header. Only its path and query are followed, on the
   * configured origin: a registry behind a proxy may name a host the runner cannot reach, and
   * credentials never go to a host the operator did not configure.
   */
  #nextPage(link: string | undefined): string | undefined {
    const target = NEXT_LINK.exec(link ?? "")?.[1];
    if (!target) return undefined;
    const url = new URL(target, this.#base);
    return `${url.pathname}${url.search}`;
  }

  #rejected(method: string, path: string): RegistryError {
    const which =
      this.#credentials?.kind === "bearer"
        ? "REGISTRY_TOKEN"
        : this.#credentials
          ? "REGISTRY_USERNAME/REGISTRY_PASSWORD"
          : "anonymous access (set REGISTRY_USERNAME/REGISTRY_PASSWORD or REGISTRY_TOKEN)";
    return new RegistryError(`${method} ${path}: the registry rejected ${which}`, { status: 401 });
  }

  #failure(method: string, path: string, reply: Reply): RegistryError {
    const detail = registryErrorOf(reply.body);
    return new RegistryError(
      `${method} ${path} answered ${reply.status}${detail ? ` ${detail.code}: ${detail.message}` : ""}`,
      { status: reply.status, code: detail?.code },
    );
  }
}
