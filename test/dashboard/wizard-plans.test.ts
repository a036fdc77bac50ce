import { readFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_PLANS } from "../../worker/contracts/index.ts";
import { dashboardDist } from "../../worker/dashboard/build/ensure-built.ts";
import { planView } from "../../worker/plans/plan-view.ts";
import { chromiumPath, collectPageErrors, hasChromium, launchChromium } from "../e2e/browser.ts";

const TYPES: Record<string, string> = {
  ".html": "text/html",
  ".js": "text/javascript",
  ".css": "text/css",
  ".svg": "image/svg+xml",
  ".png": "image/png",
};

/** The plans an operator configured: the shipped starter plan and one of its own. */
const PLANS = [
  planView("starter", DEFAULT_PLANS.starter as never, "starter"),
  planView("team-gold", { ...DEFAULT_PLANS.enterprise, limitsCpu: "12" } as never, "starter"),
];

type Api = {
  plans: (res: ServerResponse) => void;
  organization: Record<string, unknown>;
  dryRuns: { plan?: string }[];
};

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, {
    "content-type": status < 400 ? "application/json" : "application/problem+json",
  });
  res.end(JSON.stringify(body));
};

const readBody = async (req: IncomingMessage) => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString() || "{}");
};

/**
 * The built dashboard and a stand-in for the API it calls on the name-and-plan step, on
 * 127.0.0.1: a signed-in session, the plans, the organization and the dry run.
 */
function startDashboard(api: Api) {
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://dashboard");
    if (url.pathname === "/v1/session") {
      return json(res, 200, {
        signedIn: true,
        organizationId: "org_0123456789abcdefghjk",
        actor: "api_key:key_0123456789abcdefghjk",
        scopes: ["read", "write", "admin"],
      });
    }
    if (url.pathname === "/v1/plans") return api.plans(res);
    if (url.pathname === "/v1/organization") return json(res, 200, api.organization);
    if (url.pathname === "/v1/tenants" && req.method === "POST") {
      const body = (await readBody(req)) as { plan?: string };
      api.dryRuns.push(body);
      const plan = PLANS.find((p) => p.name === (body.plan ?? "starter")) ?? PLANS[0];
      return json(res, 200, { dryRun: true, plan: { name: plan?.name, quota: plan?.quota } });
    }
    if (url.pathname.startsWith("/v1/")) return json(res, 404, { code: "not_found" });
    const file = url.pathname.startsWith("/assets/")
      ? join(dashboardDist, normalize(url.pathname))
      : join(dashboardDist, "index.html");
    try {
      const content = await readFile(file);
      res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
      res.end(content);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise<{ url: string; close: () => Promise<void> }>((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () => {
          server.closeAllConnections();
          return new Promise((done) => server.close(() => done()));
        },
      });
    });
  });
}

if (!hasChromium && process.env.CI === "true") {
  describe("the wizard's plans in a browser", () => {
    it("needs Chromium on CI", () => {
      throw new Error(`Chromium is missing at ${chromiumPath}; .ci/run installs it (apt-get)`);
    });
  });
} else if (!hasChromium) {
  describe.skip("the wizard's plans in a browser (no Chromium)", () => {
    it("is skipped", () => {});
  });
} else {
  describe.sequential("the wizard's plans in a browser", () => {
    let browser: Browser;
    let page: Page;
    let errors: string[];
    let dashboard: Awaited<ReturnType<typeof startDashboard>>;
    const api: Api = {
      plans: (res) => json(res, 200, { data: PLANS }),
      organization: {},
      dryRuns: [],
    };

    beforeAll(async () => {
      [browser, dashboard] = await Promise.all([launchChromium(), startDashboard(api)]);
    });
    afterAll(async () => {
      await browser?.close();
      await dashboard?.close();
    });
    beforeEach(async () => {
      api.dryRuns = [];
      page = await browser.newPage();
      errors = collectPageErrors(page);
    });
    afterEach(() => page.close());

    const typeName = async () => {
      await page.getByLabel("Name", { exact: true }).fill("Acme");
      await page.getByText("Available", { exact: true }).waitFor();
    };

    it("lists the operator's plans with their limits, the organization's default preselected", async () => {
      api.plans = (res) => json(res, 200, { data: PLANS });
      api.organization = { id: "org_0123456789abcdefghjk", defaultTenantPlan: "team-gold" };
      await page.goto(`${dashboard.url}/tenants/new`);
      const select = page.getByLabel("Plan", { exact: true });
      await select.waitFor();
      const options = await select.locator("option").allTextContents();
      expect(options).toEqual([
        "starter: 4 CPU, 8Gi memory, 1 replica per service, 5Gi database",
        "team-gold (default): 12 CPU, 128Gi memory, 3 replicas per service, 100Gi database",
      ]);
      expect(await select.inputValue()).toBe("team-gold");
      await typeName();
      expect(api.dryRuns.at(-1)?.plan).toBe("team-gold");
      expect(await page.locator(".card strong").first().textContent()).toBe("team-gold");
      expect(errors).toEqual([]);
    });

    it("without the plans says so and still goes on, leaving the plan to the API", async () => {
      api.plans = (res) =>
        json(res, 503, { code: "internal_error", detail: "The plans are unavailable" });
      api.organization = { id: "org_0123456789abcdefghjk", defaultTenantPlan: null };
      await page.goto(`${dashboard.url}/tenants/new`);
      await page.getByText("The plans could not be loaded").waitFor();
      expect(await page.getByRole("alert").first().textContent()).toContain(
        "The plans are unavailable",
      );
      await typeName();
      expect(api.dryRuns.at(-1)).not.toHaveProperty("plan");
      await page.getByRole("button", { name: "Next" }).click();
      await page.getByRole("heading", { name: "Service" }).waitFor();
    });
  });
}
