import { DurableObject } from "cloudflare:workers";
import type { Env } from "../env.ts";
import { FLUSH_DELAY_MS, flushRequestCounts } from "../usage/flush-request-counts.ts";
import { type DayCounts, mergeCounts } from "../usage/request-tally.ts";

/** One budget the limiter counts: the organization's, or one key's share within it. */
export interface Budget {
  /** "org", or "key:<id>" for a key with its own limit. */
  name: string;
  limit: number;
  windowSeconds: number;
}

export interface Grant {
  /** How many requests the caller may now make, 0 when the budget is spent. */
  granted: number;
  /** What is left of the most constrained budget after this grant. */
  remaining: number;
  /** The budget that decided, and when its window ends (epoch ms). */
  budget: Budget;
  resetAt: number;
}

interface Window {
  start: number;
  end: number;
  used: number;
}

const WINDOWS_KEY = "windows";
/** Request counts for usage not yet written to D1, and whose they are. */
const USAGE_KEY = "usage";

interface PendingUsage {
  organizationId: string;
  counts: DayCounts;
}

/**
 * The request counters of one organization, a Durable Object named after the organization of
 * the authenticated credential. Fixed windows aligned to the epoch; one object runs one call
 * at a time, so a grant is checked and counted with no interleaving, whatever the number of
 * isolates asking. The counts are kept in storage so that an evicted object resumes its
 * windows instead of starting them afresh. It also gathers the organization's request counts
 * for usage and writes them to D1 from its alarm, never on a request's path.
 */
export class OrgRateLimiter extends DurableObject<Env> {
  private windows = new Map<string, Window>();
  private usage: PendingUsage | undefined;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    void ctx.blockConcurrencyWhile(async () => {
      const stored = await ctx.storage.get<Record<string, Window>>(WINDOWS_KEY);
      this.windows = new Map(Object.entries(stored ?? {}));
      this.usage = await ctx.storage.get<PendingUsage>(USAGE_KEY);
    });
  }

  /** Grants up to `want` requests that every budget still allows, and counts them. */
  lease(budgets: Budget[], want: number): Grant {
    const now = Date.now();
    for (const [name, window] of this.windows) if (window.end <= now) this.windows.delete(name);
    const counted = budgets.map((budget) => {
      const windowMs = budget.windowSeconds * 1000;
      const start = Math.floor(now / windowMs) * windowMs;
      let window = this.windows.get(budget.name);
      if (!window || window.start !== start) {
        window = { start, end: start + windowMs, used: 0 };
        this.windows.set(budget.name, window);
      }
      return { budget, window, resetAt: window.end };
    });
    const left = (entry: (typeof counted)[number]) =>
      Math.max(0, entry.budget.limit - entry.window.used);
    const tightest = counted.reduce((a, b) => (left(b) < left(a) ? b : a));
    const granted = Math.max(0, Math.min(want, left(tightest)));
    for (const entry of counted) entry.window.used += granted;
    void this.ctx.storage.put(WINDOWS_KEY, Object.fromEntries(this.windows));
    return {
      granted,
      remaining: left(tightest),
      budget: tightest.budget,
      resetAt: tightest.resetAt,
    };
  }

  /** Adds requests an isolate served to the counts the next alarm writes to D1. */
  async recordRequests(organizationId: string, counts: DayCounts): Promise<void> {
    this.usage = { organizationId, counts: mergeCounts(this.usage?.counts ?? {}, counts) };
    await this.ctx.storage.put(USAGE_KEY, this.usage);
    if ((await this.ctx.storage.getAlarm()) === null) {
      await this.ctx.storage.setAlarm(Date.now() + FLUSH_DELAY_MS);
    }
  }

  /** Counts recorded while the write runs wait for the next alarm; a failed write is retried. */
  override async alarm(): Promise<void> {
    const pending = this.usage;
    if (!pending) return;
    this.usage = undefined;
    await this.ctx.storage.delete(USAGE_KEY);
    try {
      await flushRequestCounts(this.env.DB, pending.organizationId, pending.counts);
    } catch (error) {
      // recordRequests may have run while the write was under way.
      const meanwhile = (this.usage as PendingUsage | undefined)?.counts ?? {};
      this.usage = {
        organizationId: pending.organizationId,
        counts: mergeCounts(meanwhile, pending.counts),
      };
      await this.ctx.storage.put(USAGE_KEY, this.usage);
      throw error;
    }
  }
}
