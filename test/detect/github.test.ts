import { MockAgent } from "undici";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { detect } from "../../runner/detect/index.ts";
import { DetectionError, openSource, resetGithubCaches } from "../../runner/sources/index.ts";
import { FIXTURES } from "../fixtures/corpus/index.ts";
import { type MockRepository, mockGithub } from "../fixtures/github-mock.ts";

const nextjs = FIXTURES.find((fixture) => fixture.name === "nextjs")?.files ?? {};

let agent: MockAgent;
beforeEach(() => {
  resetGithubCaches();
  agent = new MockAgent();
  agent.disableNetConnect();
});
afterEach(() => agent.close());

/** `ref` null: a source without a ref. */
const open = (repo: string, ref: string | null = "main", token?: string, limits = {}) =>
  openSource(
    { type: "github", repo, path: ".", ...(ref === null ? {} : { ref }) },
    {
      mode: "live",
      workDir: "/nonexistent",
      dispatcher: agent,
      credentials: { githubToken: token },
      limits: { maxRateLimitWaitMs: 0, ...limits },
    },
  );

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (error: unknown) => (error instanceof DetectionError ? error.code : error),
  );

describe("GitHub source", () => {
  it("detects a repository in two sequential round trips, fetching only manifests", async () => {
    const log = mockGithub(agent, {
      repo: "acme/shop",
      refs: { main: { ...nextjs, "app/layout.tsx": "", "README.md": "" } },
    });
    const source = await open("acme/shop");
    const result = await detect(source, { path: "." });
    expect(result.frameworks[0]?.value).toBe("Next.js");
    expect(source.revision).toMatch(/^[0-9a-f]{40}$/);
    expect(source.stats?.roundTrips).toBe(2);
    const contents = log
      .filter((entry) => entry.path.includes("/contents/"))
      .map((entry) => entry.path.split("?")[0]);
    expect(contents.sort()).toEqual([
      "/repos/acme/shop/contents/.nvmrc",
      "/repos/acme/shop/contents/package.json",
    ]);
    expect(
      log.every(
        (entry) =>
          !entry.path.includes("/contents/") || entry.path.endsWith(`ref=${source.revision}`),
      ),
    ).toBe(true);
  });

  it("reads the default branch, whatever its name, when the ref is omitted", async () => {
    mockGithub(agent, { repo: "acme/legacy", refs: { master: nextjs }, defaultBranch: "master" });
    const source = await open("acme/legacy", null);
    expect((await detect(source, { path: "." })).frameworks[0]?.value).toBe("Next.js");
    const master = await open("acme/legacy", "master");
    expect(source.revision).toBe(master.revision);
  });

  it("revalidates with ETags on the next deployment", async () => {
    const log = mockGithub(agent, { repo: "acme/shop", refs: { main: nextjs } });
    await detect(await open("acme/shop"), { path: "." });
    const second = await open("acme/shop");
    await detect(second, { path: "." });
    expect(second.stats?.notModified).toBe(second.stats?.requests);
    expect(log.filter((entry) => entry.conditional).length).toBe(second.stats?.requests);
  });

  it("reads a private repository with the tenant's token, and explains it without one", async () => {
    const repository: MockRepository = {
      repo: "acme/secret",
      refs: { main: nextjs },
      private: true,
      token: "ghp_test",
    };
    mockGithub(agent, repository);
    expect(await failure(open("acme/secret"))).toBe("private_repository");
    const source = await open("acme/secret", "main", "ghp_test");
    expect((await detect(source, { path: "." })).template).toBe("node-nextjs");
  });

  it("tells a missing ref from a missing repository, and reports an empty one", async () => {
    mockGithub(agent, { repo: "acme/shop", refs: { main: nextjs } });
    expect(await failure(open("acme/shop", "release-9"))).toBe("ref_not_found");
    expect(await failure(open("acme/shop", "a".repeat(40)))).toBe("ref_not_found");
    expect(await failure(open("acme/nothing"))).toBe("private_repository");
  });

  it("reports an empty repository", async () => {
    mockGithub(agent, { repo: "acme/empty", refs: {} });
    expect(await failure(open("acme/empty"))).toBe("empty_repository");
  });

  it("refuses a repository over the size limit before fetching files", async () => {
    const log = mockGithub(agent, {
      repo: "acme/big",
      refs: { main: { ...nextjs, "video.bin": "x".repeat(5000) } },
    });
    expect(await failure(open("acme/big", "main", undefined, { maxBytes: 1000 }))).toBe(
      "repository_too_large",
    );
    expect(log.some((entry) => entry.path.includes("/contents/"))).toBe(false);
  });

  it("fails clearly instead of hammering an exhausted rate limit", async () => {
    const reset = Math.floor(Date.now() / 1000) + 3600;
    const log = mockGithub(agent, {
      repo: "acme/shop",
      refs: { main: nextjs },
      rateLimit: { remaining: 0, reset },
    });
    const error = await open("acme/shop").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DetectionError);
    expect((error as DetectionError).code).toBe("rate_limited");
    expect((error as DetectionError).message).toMatch(/GitHub token/);
    const sent = log.length;
    expect(await failure(open("acme/shop"))).toBe("rate_limited");
    expect(log.length).toBe(sent);
  });
});
