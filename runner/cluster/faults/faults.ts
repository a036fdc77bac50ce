/**
 * Fault injection for the Kubernetes API, so retry and resume paths can be tested.
 * A rule matches requests by verb, resource and namespace (all optional) and applies
 * added latency and, with probability `rate` (default 1), one failure. `times` bounds
 * how many requests a rule affects, which makes a scenario deterministic.
 *
 * @example
 * cluster.faults.add({ verb: "patch", resource: "deployments", error: { status: 429, retryAfterSeconds: 1 }, times: 2 });
 * cluster.faults.add({ verb: "watch", resource: "pods", watchEndAfterMs: 50 });
 */
export interface FaultRule {
  /** Kubernetes verb: get, list, watch, create, update, patch, delete, deletecollection. */
  verb?: string;
  /** Plural resource name, e.g. "deployments"; omitted matches all. */
  resource?: string;
  namespace?: string;
  /** Added before the request is handled. */
  latencyMs?: number;
  /** Chance (0..1) that a matching request fails; default 1 when `error` or `drop` is set. */
  rate?: number;
  /** Answer with this status: 500 InternalError, 429 TooManyRequests (with Retry-After), 503... */
  error?: { status: number; retryAfterSeconds?: number; message?: string };
  /** Break the connection after the status line, so the client sees the request fail. */
  drop?: boolean;
  /** For watches: end the stream after this many milliseconds. */
  watchEndAfterMs?: number;
  /** Stop applying after this many matching requests. */
  times?: number;
}

export interface FaultDecision {
  latencyMs: number;
  error?: { status: number; retryAfterSeconds?: number; message?: string };
  drop: boolean;
  watchEndAfterMs?: number;
}

export interface RequestSummary {
  verb: string;
  resource: string;
  namespace: string | undefined;
}

export class Faults {
  private rules: { rule: FaultRule; used: number }[] = [];

  /** Adds a rule; returns a function that removes it. */
  add(rule: FaultRule): () => void {
    const entry = { rule, used: 0 };
    this.rules.push(entry);
    return () => {
      this.rules = this.rules.filter((r) => r !== entry);
    };
  }

  clear(): void {
    this.rules = [];
  }

  list(): FaultRule[] {
    return this.rules.map((r) => r.rule);
  }

  /** What to do to one request; consumes `times` of every rule that matched. */
  decide(request: RequestSummary): FaultDecision {
    const decision: FaultDecision = { latencyMs: 0, drop: false };
    for (const entry of this.rules) {
      const { rule } = entry;
      if (rule.verb && rule.verb !== request.verb) continue;
      if (rule.resource && rule.resource !== request.resource) continue;
      if (rule.namespace && rule.namespace !== request.namespace) continue;
      if (rule.times !== undefined && entry.used >= rule.times) continue;
      entry.used += 1;
      decision.latencyMs += rule.latencyMs ?? 0;
      if (rule.watchEndAfterMs !== undefined) decision.watchEndAfterMs = rule.watchEndAfterMs;
      if ((rule.error || rule.drop) && Math.random() < (rule.rate ?? 1)) {
        if (rule.drop) decision.drop = true;
        else if (rule.error) decision.error = rule.error;
      }
    }
    return decision;
  }
}
