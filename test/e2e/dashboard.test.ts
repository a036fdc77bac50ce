import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  accessibilityViolations,
  chromiumPath,
  collectPageErrors,
  fitsWidth,
  hasChromium,
  launchChromium,
  screenshot,
} from "./browser.ts";
import { delayClusterRequests, startTestStack, type TestStack } from "./harness.ts";
import { sampleRepository } from "./sample-repository.ts";

const READY_TIMEOUT_MS = 120_000;

if (!hasChromium && process.env.CI === "true") {
  describe("the dashboard in a browser", () => {
    it("needs Chromium on CI", () => {
      throw new Error(`Chromium is missing at ${chromiumPath}; .ci/run installs it (apt-get)`);
    });
  });
} else if (!hasChromium) {
  console.warn(
    `SKIPPED the dashboard's browser tests: no Chromium at ${chromiumPath} (apt-get install -y chromium)`,
  );
  describe.skip("the dashboard in a browser (no Chromium)", () => {
    it("is skipped", () => {});
  });
} else {
  describe.sequential("the dashboard in a browser, against the local stack", () => {
    let stack: TestStack;
    let browser: Browser;
    let context: BrowserContext;
    let page: Page;
    let errors: string[];
    let repository: string;
    let tenantId = "";

    const expectAccessible = async () => expect(await accessibilityViolations(page)).toEqual([]);
    const waitForFinish = async (status: string) =>
      page
        .getByText(`Finished: ${status}`)
        .waitFor({ state: "visible", timeout: READY_TIMEOUT_MS });

    beforeAll(async () => {
      repository = sampleRepository();
      [stack, browser] = await Promise.all([startTestStack(), launchChromium()]);
      context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
      page = await context.newPage();
      errors = collectPageErrors(page);
    });

    afterAll(async () => {
      await browser?.close();
      await stack?.dispose();
    });

    it("sends a visitor to sign in, and the development organization signs in with one click", async () => {
      await page.goto(`${stack.edgeUrl}/`);
      await page.getByRole("heading", { name: "Sign in to Enclave" }).waitFor();
      await screenshot(page, "00-sign-in");
      await expectAccessible();
      await page.getByRole("button", { name: "Sign in as the development organization" }).click();
      await page.getByRole("heading", { name: "Tenants", level: 1 }).waitFor();
      await page.getByText("No tenants yet.").waitFor();
      const cookies = await context.cookies();
      const session = cookies.find((cookie) => cookie.name === "enclave_session");
      expect(session).toMatchObject({ httpOnly: true, sameSite: "Strict" });
      expect(await page.evaluate("document.cookie")).toBe("");
      expect(await page.evaluate("localStorage.length")).toBe(0);
    });

    it("creates a tenant with the wizard: sample app, PostgreSQL, a masked variable, a dry-run review", async () => {
      await page.getByRole("link", { name: "New tenant" }).first().click();
      await page.getByLabel("Name", { exact: true }).fill("Acme Browser");
      await expect.poll(() => page.getByLabel("Slug").inputValue()).toBe("acme-browser");
      await page.getByText("Available").waitFor();
      await screenshot(page, "01-wizard-name-and-plan");
      await expectAccessible();
      await page.getByRole("button", { name: "Next" }).click();

      await page.getByLabel("Git URL").fill(repository);
      await page.getByLabel("Port").fill("3000");
      await page.getByLabel("Health check path").fill("/healthz");
      await page.getByRole("button", { name: "Preview what will be built" }).click();
      const built = page.getByRole("region", { name: "What will be built for web" });
      await built.getByText("Start command").waitFor({ timeout: 60_000 });
      expect(await built.textContent()).toContain("Node.js");
      expect(await built.textContent()).toContain("3000");
      await built.getByText("Evidence").first().click();
      expect(await built.textContent()).toContain("package.json");
      expect((await stack.api<{ data: unknown[] }>("/v1/tenants")).body.data).toEqual([]);
      await screenshot(page, "02-wizard-service");
      await expectAccessible();
      await page.getByRole("button", { name: "Next" }).click();

      await page.getByLabel("PostgreSQL").check();
      await page.getByLabel("Version").selectOption("16");
      await screenshot(page, "03-wizard-database");
      await page.getByRole("button", { name: "Next" }).click();

      await page.getByLabel("Custom domains").fill("");
      await screenshot(page, "04-wizard-domains");
      await page.getByRole("button", { name: "Next" }).click();

      await page.getByRole("button", { name: "Add a variable" }).click();
      await page.getByLabel("Variable 1 name").fill("GREETING");
      await page.getByLabel("Variable 1 value").fill("hello-secret");
      expect(await page.getByLabel("Variable 1 value").getAttribute("type")).toBe("password");
      await screenshot(page, "05-wizard-environment");
      await expectAccessible();
      await page.getByRole("button", { name: "Next" }).click();

      await page.getByRole("heading", { name: "What will be created" }).waitFor();
      const json = (await page.getByTestId("request-json").textContent()) ?? "";
      expect(JSON.parse(json)).toMatchObject({
        name: "Acme Browser",
        slug: "acme-browser",
        services: [{ source: { type: "git", url: repository }, env: { GREETING: "********" } }],
        database: { engine: "postgres", version: "16" },
      });
      expect(await page.locator("main").textContent()).not.toContain("hello-secret");
      expect(await page.getByTestId("cli-command").textContent()).toContain(
        "--database postgres:16",
      );
      await screenshot(page, "06-wizard-review");
      await expectAccessible();
      expect((await stack.api<{ data: unknown[] }>("/v1/tenants")).body.data).toEqual([]);

      await page.getByRole("button", { name: "Create tenant" }).click();
      await page.waitForURL(/\/deployments\/dep_/);
    });

    it("follows the deployment live to ready, and a reload resumes the same progress", async () => {
      await page.getByText("Ready at").waitFor({ timeout: READY_TIMEOUT_MS });
      const bar = page.getByRole("progressbar", { name: "Deployment progress" });
      expect(await bar.getAttribute("aria-valuenow")).toBe("7");
      expect(await page.locator('[data-stage="build"] .logs li').count()).toBeGreaterThan(0);
      await screenshot(page, "07-progress-ready");
      await expectAccessible();

      await page.reload();
      await page.getByText("Ready at").waitFor({ timeout: 30_000 });
      expect(await bar.getAttribute("aria-valuenow")).toBe("7");
      expect(await page.locator('[data-state="done"]').count()).toBe(7);
    });

    it("lists the tenant, filters by status and finds it by search", async () => {
      await page.getByRole("link", { name: "Tenants" }).click();
      const row = page.getByRole("row", { name: /Acme Browser/ });
      await row.waitFor();
      expect(await row.textContent()).toContain("active");
      await page.getByLabel("Status").selectOption("failed");
      await page.getByText("No tenant matches.").waitFor();
      await page.getByLabel("Status").selectOption("active");
      await page.getByLabel("Search by name or slug").fill("acme-b");
      await row.waitFor();
      await screenshot(page, "08-tenant-list");
      await expectAccessible();
    });

    it("changes an environment variable: a redeploy that reaches ready", async () => {
      await page.getByRole("link", { name: "Acme Browser" }).click();
      await page.getByRole("heading", { name: "Services" }).waitFor();
      tenantId = page.url().split("/").pop() ?? "";
      await screenshot(page, "09-tenant-detail");
      await expectAccessible();
      await page.getByLabel("Variable name").fill("GREETING");
      await page.getByLabel("Value").fill("bonjour-secret");
      await page.getByRole("button", { name: "Set and redeploy" }).click();
      await page.waitForURL(/\/deployments\/dep_/);
      await page.getByText("Ready at").waitFor({ timeout: READY_TIMEOUT_MS });
      const deployments = await stack.api<{ data: { status: string }[] }>(
        `/v1/tenants/${tenantId}/deployments`,
      );
      expect(deployments.body.data.map((d) => d.status)).toEqual(["ready", "ready"]);
    });

    it("shows each service's runtime logs, prefixed with the pod, and reads them again", async () => {
      await page.goto(`${stack.edgeUrl}/tenants/${tenantId}`);
      const logs = page.getByRole("region", { name: "Logs of web" });
      await logs.waitFor({ timeout: 30_000 });
      expect(await logs.textContent()).toMatch(/^\[web-[^\]]+\] \S/m);
      await page.getByRole("button", { name: "Refresh the logs of web" }).click();
      await logs.waitFor();
      await screenshot(page, "09b-service-logs");
      await expectAccessible();
    });

    it("rolls back to the earlier ready deployment: a deployment without a build that reaches ready", async () => {
      const rollBack = page.getByRole("button", { name: /^Roll back to this/ });
      await rollBack.waitFor();
      expect(await rollBack.count()).toBe(1);
      await rollBack.click();
      await page.waitForURL(/\/deployments\/dep_/);
      await page.getByText("Ready at").waitFor({ timeout: READY_TIMEOUT_MS });
      expect(await page.locator('[data-stage="build"]').getAttribute("data-state")).toBe("done");
      const deployment = await stack.api<{ trigger: string; rollbackOf: string | null }>(
        `/v1/deployments/${page.url().split("/").pop()}`,
      );
      expect(deployment.body).toMatchObject({
        trigger: "rollback",
        rollbackOf: expect.any(String),
      });
      await screenshot(page, "09c-rollback-ready");
      await expectAccessible();
    });

    it("links a deployment's build log as text from its progress page", async () => {
      const deployments = await stack.api<{ data: { id: string }[] }>(
        `/v1/tenants/${tenantId}/deployments`,
      );
      const first = deployments.body.data.at(-1)?.id;
      await page.goto(`${stack.edgeUrl}/deployments/${first}`);
      const link = page.getByRole("link", { name: "Build log as text" });
      const log = await page.request.get(
        new URL((await link.getAttribute("href")) ?? "", page.url()).href,
      );
      expect(log.status()).toBe(200);
      expect(await log.text()).toMatch(/^web \| /m);
    });

    it("cancels a running redeploy from the history: its progress ends cancelled, the tenant stays active", async () => {
      // The redeploy waits in its deploy stage until the cancel has been clicked.
      await delayClusterRequests(stack, {
        verb: "patch",
        resource: "deployments",
        latencyMs: 10_000,
        times: 1,
      });
      const started = await stack.api<{ deployment: { id: string } }>(
        `/v1/tenants/${tenantId}/deployments`,
        { method: "POST" },
      );
      expect(started.status).toBe(202);
      const id = started.body.deployment.id;
      await page.goto(`${stack.edgeUrl}/tenants/${tenantId}`);
      const [answer] = await Promise.all([
        page.waitForResponse((response) => response.url().endsWith(`/v1/deployments/${id}/cancel`)),
        page.getByRole("button", { name: `Cancel ${id}` }).click(),
      ]);
      expect(answer.status()).toBe(202);
      await page.goto(`${stack.edgeUrl}/deployments/${id}`);
      await waitForFinish("cancelled");
      await page.getByText("The deployment was cancelled").waitFor();
      await screenshot(page, "09d-cancelled");
      await expectAccessible();
      const tenant = await stack.api<{ status: string }>(`/v1/tenants/${tenantId}`);
      expect(tenant.body.status).toBe("active");
    });

    it("deletes the tenant only after its slug is typed", async () => {
      await page.goto(`${stack.edgeUrl}/tenants/${tenantId}`);
      const remove = page.getByRole("button", { name: "Delete Acme Browser" });
      await remove.waitFor();
      expect(await remove.isDisabled()).toBe(true);
      await page.getByLabel("Tenant slug").fill("acme-browser");
      await remove.click();
      await page.waitForURL(/\/deployments\/dep_/);
      await waitForFinish("deleted");
      const tenant = await stack.api<{ status: string }>(`/v1/tenants/${tenantId}`);
      expect(["deleted", "deleting"]).toContain(tenant.body.status);
    });

    it("creates an API key whose secret shows once, revokes it, and shows the audit log", async () => {
      await page.getByRole("link", { name: "API keys" }).click();
      await page.getByLabel("Name").fill("billing webhook");
      await page.getByRole("button", { name: "Create key" }).click();
      await page.getByText("is shown this once").waitFor();
      expect(await page.locator(".notice-secret code").textContent()).toMatch(/^enc_test_/);
      await screenshot(page, "10-api-keys");
      await expectAccessible();
      await page.getByRole("button", { name: "Revoke billing webhook" }).click();
      await page.getByText(/^revoked /).waitFor();

      await page.getByRole("link", { name: "Audit log" }).click();
      await page.getByRole("cell", { name: "tenant.create" }).waitFor();
      await screenshot(page, "11-audit-log");
      await expectAccessible();
    });

    it("creates a webhook whose secret shows once, sends it a test, shows the delivery and deletes it", async () => {
      const received: string[] = [];
      const receiver = createServer((request, response) => {
        received.push(String(request.headers["content-type"]));
        request.resume();
        response.end("ok");
      });
      await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
      const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
      try {
        await page.getByRole("link", { name: "Webhooks" }).click();
        await page.getByText("No webhooks.").waitFor();
        await page.getByLabel("URL").fill(url);
        await page.getByLabel("All events").uncheck();
        await page.getByLabel("tenant.ready").check();
        await page.getByLabel("deployment.failed").check();
        await page.getByRole("button", { name: "Create webhook" }).click();
        await page.getByText("is shown this once").waitFor();
        expect(await page.locator(".notice-secret code").textContent()).toMatch(/^whsec_/);
        const row = page.getByRole("row").filter({ hasText: url });
        await row.waitFor();
        expect(await row.textContent()).toContain("tenant.ready, deployment.failed");
        await screenshot(page, "12-webhooks");
        await expectAccessible();

        await page.reload();
        await row.waitFor();
        expect(await page.locator(".notice-secret").count()).toBe(0);

        await page.getByRole("button", { name: `Send test to ${url}` }).click();
        await page.getByText("Test event delivered: 200").waitFor();
        await page.getByRole("cell", { name: "webhook.test" }).waitFor();
        expect(received).toEqual(["application/json"]);
        await screenshot(page, "13-webhook-deliveries");
        await expectAccessible();

        await page.getByRole("button", { name: `Delete ${url}` }).click();
        await page.getByText("No webhooks.").waitFor();
      } finally {
        receiver.close();
      }
    });

    it("shows the API's field errors next to the field they name", async () => {
      await page.getByRole("link", { name: "API keys" }).click();
      await page.getByLabel("read").uncheck();
      await page.getByRole("button", { name: "Create key" }).click();
      const name = page.getByLabel("Name");
      await expect.poll(() => name.getAttribute("aria-invalid")).toBe("true");
      const describedBy = (await name.getAttribute("aria-describedby")) ?? "";
      const errorId = describedBy.split(" ").find((id) => id.endsWith("-error")) ?? "";
      const message = await page.locator(`[id="${errorId}"]`).textContent();
      expect(message).toMatch(/\S/);
      expect(await page.locator("fieldset .error").textContent()).toMatch(/\S/);
    });

    it("reads at 375 px without sideways scrolling", async () => {
      await page.setViewportSize({ width: 375, height: 800 });
      for (const [path, name] of [
        ["/", "14-mobile-tenants"],
        ["/tenants/new", "15-mobile-wizard"],
      ] as const) {
        await page.goto(`${stack.edgeUrl}${path}`);
        await page.locator("main h1").waitFor();
        expect(await fitsWidth(page), path).toBe(true);
        await screenshot(page, name);
      }
    });

    it("produced no console errors, exceptions or CSP violations", () => {
      expect(errors).toEqual([]);
    });
  });
}
