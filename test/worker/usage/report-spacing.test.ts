import {
  createExecutionContext,
  runInDurableObject,
  waitOnExecutionContext,
} from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { app } from "../../../worker/app.ts";
import type { Env } from "../../../worker/env.ts";
import type { OrgRateLimiter } from "../../../worker/rate-limits/org-rate-limiter.ts";
import { BASE_URL, createOrg, workerEnv } from "../harness.ts";

const REQUESTS = 5;

/** The Worker's bindings with its production spacing of usage reports (tests send at once). */
const spacedEnv = (spacingMs: string): Env =>
  new Proxy(workerEnv, {
    get: (target, prop) =>
      prop === "USAGE_REPORT_SPACING_MS" ? spacingMs : target[prop as keyof Env],
  });

describe("usage reports from an isolate", () => {
  it("sends the first request's count at once and the next ones together a spacing later", async () => {
    const org = await createOrg();
    const limiter = workerEnv.RATE_LIMITER.get(workerEnv.RATE_LIMITER.idFromName(org.orgId));
    // What the limiter holds for its next write to D1 (a minute away), as a total.
    const recorded = () =>
      runInDurableObject(limiter, async (_: OrgRateLimiter, state) => {
        const usage = await state.storage.get<{ counts: Record<string, number> }>("usage");
        return Object.values(usage?.counts ?? {}).reduce((sum, n) => sum + n, 0);
      });

    // One request after another, each answered before the next is sent; without spacing,
    // each one's report would be done before the next arrives, one report per request.
    const contexts: ExecutionContext[] = [];
    for (let i = 0; i < REQUESTS; i += 1) {
      const ctx = createExecutionContext();
      const res = await app.fetch(
        new Request(new URL("/v1/tenants", BASE_URL), { headers: org.headers }),
        spacedEnv("1000"),
        ctx,
      );
      expect(res.status).toBe(200);
      contexts.push(ctx);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(await recorded()).toBe(1);
    await Promise.all(contexts.map((ctx) => waitOnExecutionContext(ctx)));
    expect(await recorded()).toBe(REQUESTS);
  });
});
