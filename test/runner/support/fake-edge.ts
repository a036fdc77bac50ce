import { createServer, type Server } from "node:http";
import { jwtVerify } from "jose";
import { listen } from "../../../runner/intake/server.ts";
import {
  type DeploymentSpec,
  ProgressBatch,
  type ProgressEvent,
  RUNNER_ISSUER,
  RUNNER_TOKEN_AUDIENCE,
} from "../../../worker/contracts/index.ts";

interface Claim {
  runnerId: string;
  renewedMs: number;
}

const claimKey = (deploymentId: string, attempt: number) => `${deploymentId}#${attempt}`;

/** What the edge answers as `progress.nextSeq`: one past the attempt's highest seq, 0 if none. */
export const nextSeqOf = (events: ProgressEvent[], deploymentId: string, attempt: number) => {
  const seqs = events
    .filter((e) => e.deploymentId === deploymentId && e.attempt === attempt)
    .map((e) => e.seq);
  return seqs.length === 0 ? 0 : Math.max(...seqs) + 1;
};

/**
 * The Worker's internal API as the runner sees it: specs by deployment, fetched as claims on
 * an attempt (by the token's `sub`, with a lease), events accepted from the claim's holder only
 * and deduplicated by (deployment, attempt, seq), runner tokens verified the way the edge does
 * (scoped to the deployment and attempt they are presented for).
 */
export class FakeEdge {
  readonly specs = new Map<string, DeploymentSpec>();
  readonly events: ProgressEvent[] = [];
  readonly rejected: string[] = [];
  /** The scope of each token presented, as `<deployment>#<attempt>`, in order. */
  readonly tokenScopes: string[] = [];
  readonly claims = new Map<string, Claim>();
  /** How long a holder may stay silent before another runner may take its attempt. */
  leaseMs = Number.POSITIVE_INFINITY;
  /** Answers this status to the next N event posts, to exercise retries. */
  failNextPosts = 0;
  failStatus = 503;
  #server: Server | undefined;
  #seen = new Set<string>();
  #secret: string;
  url = "";

  constructor(secret: string) {
    this.#secret = secret;
  }

  async start(): Promise<this> {
    this.#server = createServer((req, res) => {
      void this.#handle(req, res);
    });
    this.url = await listen(this.#server, "127.0.0.1", 0);
    return this;
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.#server?.closeAllConnections();
      this.#server?.close(() => resolve());
    });
  }

  /** Has another runner hold the attempt, as a replica that claimed it first would. */
  claimAs(deploymentId: string, attempt: number, runnerId: string, renewedMs = Date.now()): void {
    this.claims.set(claimKey(deploymentId, attempt), { runnerId, renewedMs });
  }

  eventsOf(deploymentId: string, attempt?: number): ProgressEvent[] {
    return this.events.filter(
      (e) => e.deploymentId === deploymentId && (attempt === undefined || e.attempt === attempt),
    );
  }

  /** Resolves when a terminal event for the deployment arrived. */
  async terminal(deploymentId: string, attempt?: number): Promise<ProgressEvent> {
    for (;;) {
      const done = this.eventsOf(deploymentId, attempt).find((e) =>
        e.type.startsWith("deployment."),
      );
      if (done) return done;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  async #handle(req: import("node:http").IncomingMessage, res: import("node:http").ServerResponse) {
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    const refuse = (detail: string) => reply(409, { code: "invalid_state", detail });
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
    let runnerId: string;
    let scope: { deployment: string; attempt: number };
    try {
      const { payload } = await jwtVerify(token ?? "", new TextEncoder().encode(this.#secret), {
        algorithms: ["HS256"],
        issuer: RUNNER_ISSUER,
        audience: RUNNER_TOKEN_AUDIENCE,
        requiredClaims: ["exp", "iat", "sub", "deployment", "attempt"],
        maxTokenAge: 60,
      });
      runnerId = payload.sub as string;
      scope = { deployment: payload.deployment as string, attempt: payload.attempt as number };
    } catch {
      this.rejected.push(req.url ?? "");
      return reply(401, { code: "unauthorized" });
    }
    const url = new URL(req.url ?? "/", "http://edge");
    const match = /^\/internal\/v1\/deployments\/([^/]+)\/(spec|events)$/.exec(url.pathname);
    if (!match) return reply(404, {});
    const [, id = "", what] = match;
    this.tokenScopes.push(`${scope.deployment}#${scope.attempt}`);
    const forbid = (detail: string) => reply(403, { code: "forbidden", detail });
    if (scope.deployment !== id) return forbid("The runner token is for another deployment");
    const current = this.specs.get(id)?.deployment.attempt;
    if (current !== undefined && scope.attempt < current) {
      return forbid(`The runner token is for attempt ${scope.attempt}`);
    }
    if (what === "spec" && req.method === "GET") {
      const spec = this.specs.get(id);
      if (!spec) return reply(404, {});
      const attempt = Number(url.searchParams.get("attempt"));
      if (attempt !== scope.attempt)
        return forbid(`The runner token is for attempt ${scope.attempt}`);
      if (attempt !== spec.deployment.attempt) return refuse(`Attempt ${attempt} is stale`);
      const held = this.claims.get(claimKey(id, attempt));
      if (held && held.runnerId !== runnerId && Date.now() - held.renewedMs < this.leaseMs) {
        return refuse(`Attempt ${attempt} is being run by runner ${held.runnerId}`);
      }
      this.claims.set(claimKey(id, attempt), { runnerId, renewedMs: Date.now() });
      return reply(200, { ...spec, progress: { nextSeq: nextSeqOf(this.events, id, attempt) } });
    }
    if (what === "events" && req.method === "POST") {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      if (this.failNextPosts > 0) {
        this.failNextPosts -= 1;
        return reply(this.failStatus, {});
      }
      const batch = ProgressBatch.parse(JSON.parse(Buffer.concat(chunks).toString()));
      if (batch.events.some((e) => e.attempt !== scope.attempt)) {
        return forbid(`The runner token is for attempt ${scope.attempt}`);
      }
      for (const attempt of new Set(batch.events.map((e) => e.attempt))) {
        const claim = this.claims.get(claimKey(id, attempt));
        if (claim?.runnerId !== runnerId) return refuse(`Attempt ${attempt} is not yours`);
        claim.renewedMs = Date.now();
      }
      for (const event of batch.events) {
        const key = `${event.deploymentId}/${event.attempt}/${event.seq}`;
        if (this.#seen.has(key)) continue;
        this.#seen.add(key);
        this.events.push(event);
      }
      return reply(202, {});
    }
    reply(405, {});
  }
}
