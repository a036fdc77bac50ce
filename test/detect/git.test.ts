import { existsSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { detect } from "../../runner/detect/index.ts";
import { DetectionError, LOCAL_WORKING_TREE, openSource } from "../../runner/sources/index.ts";
import { isDeniedAddress, resolvePublicHost } from "../../runner/sources/network-guard.ts";
import { FIXTURES } from "../fixtures/corpus/index.ts";
import { bareRepository } from "../fixtures/materialize.ts";

const files = (name: string) => FIXTURES.find((fixture) => fixture.name === name)?.files ?? {};

let workDir: string;
let repo: { bare: string; commits: string[] };
let empty: { bare: string; commits: string[] };
let master: { bare: string; commits: string[] };
beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), "enclave-git-test-"));
  repo = await bareRepository([files("flask"), files("nextjs")]);
  empty = await bareRepository([]);
  master = await bareRepository([files("flask"), files("nextjs")], { branch: "master" });
});

const open = (
  url: string,
  ref: string | undefined,
  mode: "local" | "live" = "local",
  limits = {},
) =>
  openSource(
    { type: "git", url, path: ".", ...(ref === undefined ? {} : { ref }) },
    { mode, workDir, limits, lookup: async () => [{ address: "10.1.2.3", family: 4 }] },
  );

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (error: unknown) => (error instanceof DetectionError ? error.code : error),
  );

describe("git source", () => {
  it("clones a branch shallowly and detects it", async () => {
    const source = await open(`file://${repo.bare}`, "main");
    expect(source.revision).toBe(repo.commits[1]);
    expect((await detect(source, { path: "." })).frameworks[0]?.value).toBe("Next.js");
    const dir = (source as unknown as { root: string }).root;
    await source.close();
    expect(existsSync(dir)).toBe(false);
  });

  it("in local mode reads a plain folder in place, and refuses it in live mode", async () => {
    const folder = join(import.meta.dirname, "../fixtures/sample-app");
    const local = await open(`file://${folder}`, "main");
    expect(local.revision).toBe(LOCAL_WORKING_TREE);
    expect((await detect(local, { path: "." })).languages[0]?.value).toBe("Node.js");
    await local.close();
    expect(existsSync(folder)).toBe(true);
    expect(await failure(open(folder, "main", "live"))).toBe("source_refused");
  });

  it("creates its work directory when it does not exist yet", async () => {
    const source = await openSource(
      { type: "git", url: `file://${repo.bare}`, ref: "main", path: "." },
      { mode: "local", workDir: join(workDir, "not", "yet", "there") },
    );
    expect(await source.list()).toContain("package.json");
    await source.close();
  });

  it("checks out a tag and a full commit id", async () => {
    const tag = await open(repo.bare, "v1");
    expect(tag.revision).toBe(repo.commits[0]);
    expect((await detect(tag, { path: "." })).frameworks[0]?.value).toBe("Flask");
    await tag.close();
    const commit = await open(`file://${repo.bare}`, repo.commits[0] ?? "");
    expect(commit.revision).toBe(repo.commits[0]);
    await commit.close();
  });

  it("reads the remote's default branch when the ref is omitted or HEAD, whatever its name", async () => {
    for (const ref of [undefined, "HEAD"]) {
      const source = await open(`file://${master.bare}`, ref);
      expect(source.revision).toBe(master.commits[1]);
      expect((await detect(source, { path: "." })).frameworks[0]?.value).toBe("Next.js");
      await source.close();
    }
    expect(await failure(open(`file://${empty.bare}`, undefined))).toBe("empty_repository");
  });

  it("resolves a branch to its commit once and reports that commit", async () => {
    const source = await open(`file://${master.bare}`, "master");
    expect(source.revision).toBe(master.commits[1]);
    await source.close();
    const tag = await open(`file://${master.bare}`, "v1");
    expect(tag.revision).toBe(master.commits[0]);
    await tag.close();
  });

  it("says a missing local folder or a file is that, with no hint about tokens", async () => {
    const missing = join(workDir, "no-such-app");
    for (const url of [missing, `file://${missing}`]) {
      const error = await open(url, undefined).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DetectionError);
      expect((error as DetectionError).message).toContain(`The folder ${missing} does not exist`);
      expect((error as DetectionError).message).not.toMatch(/private|token/);
    }
    const file = await open("file:///etc/passwd", undefined).catch((e: unknown) => e);
    expect((file as DetectionError).message).toBe(
      "/etc/passwd is a file, not a folder or a git repository. Give the folder of your app.",
    );
  });

  it("explains a missing ref, an empty repository and a missing repository", async () => {
    expect(await failure(open(`file://${repo.bare}`, "release-1"))).toBe("ref_not_found");
    expect(await failure(open(`file://${repo.bare}`, "b".repeat(40)))).toBe("ref_not_found");
    expect(await failure(open(`file://${empty.bare}`, "main"))).toBe("empty_repository");
    expect(await failure(open(`file://${repo.bare}-missing`, "main"))).toBe("source_unavailable");
  });

  it("refuses a repository over the size limit", async () => {
    expect(await failure(open(`file://${repo.bare}`, "main", "local", { maxBytes: 10 }))).toBe(
      "repository_too_large",
    );
  });

  it("outside local mode refuses file URLs, paths, credentials and private hosts", async () => {
    expect(await failure(open(`file://${repo.bare}`, "main", "live"))).toBe("source_refused");
    expect(await failure(open(repo.bare, "main", "live"))).toBe("source_refused");
    expect(await failure(open("ssh://git@example.com/acme/app.git", "main", "live"))).toBe(
      "source_refused",
    );
    expect(
      await failure(open("https://user:secret@example.com/acme/app.git", "main", "live")),
    ).toBe("source_refused");
    expect(await failure(open("https://127.0.0.1/acme/app.git", "main", "live"))).toBe(
      "source_refused",
    );
    expect(await failure(open("https://[::1]/acme/app.git", "main", "live"))).toBe(
      "source_refused",
    );
    expect(await failure(open("https://git.internal.example/acme/app.git", "main", "live"))).toBe(
      "source_refused",
    );
  });
});

describe("private-network guard", () => {
  it.each([
    "127.0.0.1",
    "10.0.0.5",
    "172.20.1.1",
    "192.168.1.1",
    "169.254.169.254",
    "100.64.0.1",
    "0.0.0.0",
    "::1",
    "fd00:ec2::254",
    "fe80::1",
    "::ffff:127.0.0.1",
    "::ffff:169.254.169.254",
  ])("denies %s", (address) => {
    expect(isDeniedAddress(address)).toBe(true);
  });

  it.each(["140.82.112.3", "2606:4700::6810:84e5"])("allows %s", (address) => {
    expect(isDeniedAddress(address)).toBe(false);
  });

  it("refuses a name when any of its addresses is private", async () => {
    const lookup = async () => [
      { address: "140.82.112.3", family: 4 },
      { address: "10.0.0.1", family: 4 },
    ];
    await expect(resolvePublicHost("mixed.example", lookup)).rejects.toThrow(/private or internal/);
    await expect(
      resolvePublicHost("github.com", async () => [{ address: "140.82.112.3", family: 4 }]),
    ).resolves.toEqual(["140.82.112.3"]);
  });
});
