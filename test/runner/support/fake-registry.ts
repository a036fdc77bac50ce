import { createHash, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { listen } from "../../../runner/intake/server.ts";

const MANIFEST_TYPE = "application/vnd.oci.image.manifest.v1+json";

export interface FakeRegistryOptions {
  /** Tags per `tags/list` page when the client does not ask for fewer. */
  pageSize?: number;
  /** false: DELETE answers 405 UNSUPPORTED, as the distribution registry does by default. */
  deleteEnabled?: boolean;
  /** Token authentication: a token service at `/token` accepting these Basic credentials. */
  tokenAuth?: { username: string; password: string };
}

export interface RecordedRequest {
  method: string;
  path: string;
  authorization: string | undefined;
}

/**
 * An OCI Distribution API (v2) on 127.0.0.1, modelling what cleanup relies on: paginated
 * `tags/list` with `Link`, `HEAD` manifests answering `Docker-Content-Digest` only for a
 * manifest media type that is accepted, `DELETE` by digest (202, 404, 405 when disabled), the
 * Bearer token challenge, and injected 503s with `Retry-After`.
 */
export class FakeRegistry {
  readonly requests: RecordedRequest[] = [];
  /** Repository → tag → digest; a manifest exists while some tag or `untagged` names it. */
  readonly repositories = new Map<string, Map<string, string>>();
  /** Responses still to fail with 503 before answering normally. */
  unavailable = 0;
  deleteEnabled: boolean;
  readonly #pageSize: number;
  readonly #tokenAuth: FakeRegistryOptions["tokenAuth"];
  /** Issued token → the scope it grants. */
  readonly #tokens = new Map<string, string>();
  readonly #server = createServer((req, res) => this.#handle(req, res));
  url = "";

  private constructor(options: FakeRegistryOptions) {
    this.#pageSize = options.pageSize ?? 100;
    this.deleteEnabled = options.deleteEnabled ?? true;
    this.#tokenAuth = options.tokenAuth;
  }

  static async start(options: FakeRegistryOptions = {}): Promise<FakeRegistry> {
    const registry = new FakeRegistry(options);
    registry.url = await listen(registry.#server, "127.0.0.1", 0);
    return registry;
  }

  /** Pushes an image under a tag; returns its digest (derived from `content`). */
  push(repository: string, tag: string, content = `${repository}:${tag}`): string {
    const digest = `sha256:${createHash("sha256").update(content).digest("hex")}`;
    this.tag(repository, tag, digest);
    return digest;
  }

  tag(repository: string, tag: string, digest: string): void {
    const tags = this.repositories.get(repository) ?? new Map<string, string>();
    tags.set(tag, digest);
    this.repositories.set(repository, tags);
  }

  tagsOf(repository: string): string[] {
    return [...(this.repositories.get(repository)?.keys() ?? [])].sort();
  }

  close(): Promise<void> {
    this.#server.closeAllConnections();
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }

  #handle(req: IncomingMessage, res: ServerResponse): undefined {
    const url = new URL(req.url ?? "/", this.url);
    const method = req.method ?? "GET";
    this.requests.push({
      method,
      path: `${url.pathname}${url.search}`,
      authorization: req.headers.authorization,
    });
    if (url.pathname === "/token") return this.#issueToken(req, res, url);
    if (this.unavailable > 0) {
      this.unavailable--;
      res.writeHead(503, { "retry-after": "0" });
      return void res.end();
    }
    if (url.pathname === "/v2/") {
      if (!this.#authorized(req, res, undefined)) return;
      res.writeHead(200, { "content-type": "application/json" });
      return void res.end("{}");
    }
    const route = /^\/v2\/(.+)\/(tags\/list|manifests\/([^/]+))$/.exec(url.pathname);
    if (!route) return this.#error(res, 404, "NAME_UNKNOWN", "no such route");
    const [, repository = "", what, reference = ""] = route;
    const action = method === "DELETE" ? "delete" : "pull";
    if (!this.#authorized(req, res, `repository:${repository}:${action}`)) return;
    const tags = this.repositories.get(repository);
    if (!tags) return this.#error(res, 404, "NAME_UNKNOWN", "repository name not known");
    if (what === "tags/list") return this.#listTags(res, url, repository, tags);
    if (method === "HEAD") return this.#head(req, res, tags, reference);
    if (method === "DELETE") return this.#delete(res, tags, reference);
    return this.#error(res, 405, "UNSUPPORTED", "method not modelled");
  }

  #listTags(
    res: ServerResponse,
    url: URL,
    repository: string,
    tags: Map<string, string>,
  ): undefined {
    const all = [...tags.keys()].sort();
    const n = Math.min(Number(url.searchParams.get("n") ?? this.#pageSize), this.#pageSize);
    const last = url.searchParams.get("last");
    const start = last === null ? 0 : all.findIndex((tag) => tag > last);
    const page = start < 0 ? [] : all.slice(start, start + n);
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (start >= 0 && start + n < all.length) {
      const next = `/v2/${repository}/tags/list?n=${n}&last=${encodeURIComponent(page.at(-1) ?? "")}`;
      headers.link = `<${next}>; rel="next"`;
    }
    res.writeHead(200, headers);
    res.end(JSON.stringify({ name: repository, tags: page }));
  }

  #head(
    req: IncomingMessage,
    res: ServerResponse,
    tags: Map<string, string>,
    ref: string,
  ): undefined {
    const digest = ref.startsWith("sha256:")
      ? [...tags.values()].find((value) => value === ref)
      : tags.get(ref);
    // A registry that cannot serve an accepted type answers 404 for the manifest.
    if (!digest || !(req.headers.accept ?? "").includes(MANIFEST_TYPE)) {
      res.writeHead(404);
      return void res.end();
    }
    res.writeHead(200, { "content-type": MANIFEST_TYPE, "docker-content-digest": digest });
    res.end();
  }

  #delete(res: ServerResponse, tags: Map<string, string>, ref: string): undefined {
    if (!this.deleteEnabled) {
      return this.#error(res, 405, "UNSUPPORTED", "The operation is unsupported.");
    }
    if (!ref.startsWith("sha256:")) return this.#error(res, 400, "DIGEST_INVALID", "not a digest");
    const named = [...tags].filter(([, digest]) => digest === ref);
    if (named.length === 0) return this.#error(res, 404, "MANIFEST_UNKNOWN", "manifest unknown");
    for (const [tag] of named) tags.delete(tag);
    res.writeHead(202);
    res.end();
  }

  /** With token auth, a request needs a token whose scope covers it; else it is challenged. */
  #authorized(req: IncomingMessage, res: ServerResponse, scope: string | undefined): boolean {
    if (!this.#tokenAuth) return true;
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
    const granted = token === undefined ? undefined : this.#tokens.get(token);
    if (granted !== undefined && (scope === undefined || granted === scope)) return true;
    const challenge = [
      `realm="${this.url}/token"`,
      `service="fake-registry"`,
      ...(scope ? [`scope="${scope}"`] : []),
    ].join(",");
    res.writeHead(401, { "www-authenticate": `Bearer ${challenge}` });
    res.end(
      JSON.stringify({ errors: [{ code: "UNAUTHORIZED", message: "authentication required" }] }),
    );
    return false;
  }

  #issueToken(req: IncomingMessage, res: ServerResponse, url: URL): undefined {
    const expected = this.#tokenAuth;
    const basic = expected
      ? `Basic ${Buffer.from(`${expected.username}:${expected.password}`).toString("base64")}`
      : undefined;
    if (
      req.headers.authorization !== basic ||
      url.searchParams.get("service") !== "fake-registry"
    ) {
      res.writeHead(401);
      return void res.end();
    }
    const token = randomBytes(12).toString("hex");
    this.#tokens.set(token, url.searchParams.get("scope") ?? "");
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ token, expires_in: 300 }));
  }

  #error(res: ServerResponse, status: number, code: string, message: string): undefined {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify({ errors: [{ code, message }] }));
  }
}
