import { describe, expect, it } from "vitest";
import { DetectionError, detect } from "../../runner/detect/index.ts";
import { packageJson } from "../fixtures/corpus/types.ts";
import { memorySnapshot } from "../fixtures/memory.ts";

const failure = async (promise: Promise<unknown>): Promise<DetectionError> => {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(DetectionError);
  return error as DetectionError;
};

describe("detect", () => {
  it("gives the same answer every time", async () => {
    const files = {
      "package.json": packageJson({ deps: ["express", "next"], dev: ["vite"] }),
      "requirements.txt": "flask\n",
      "app.py": "",
    };
    const first = await detect(memorySnapshot(files), { path: "." });
    const reversed = Object.fromEntries(Object.entries(files).reverse());
    expect(await detect(memorySnapshot(reversed), { path: "." })).toEqual(first);
    expect(first.frameworks.map((framework) => framework.value)).toEqual([
      "Next.js",
      "Express",
      "Vite",
      "Flask",
    ]);
  });

  it("reads only manifests, never sources", async () => {
    const repo = memorySnapshot({
      "package.json": packageJson({ deps: ["express"] }),
      "src/a.ts": "",
      "src/b.ts": "",
      "README.md": "",
    });
    await detect(repo, { path: "." });
    expect(repo.reads).toEqual(["package.json"]);
  });

  it("records evidence with repository paths in a subfolder", async () => {
    const result = await detect(
      memorySnapshot({
        "web/package.json": packageJson({ deps: ["nuxt"] }),
        "web/pnpm-lock.yaml": "",
      }),
      { path: "web/" },
    );
    expect(result.path).toBe("web");
    expect(result.frameworks[0]).toEqual({
      value: "Nuxt",
      confidence: "definite",
      evidence: [{ file: "web/package.json", signal: "dependency nuxt" }],
    });
    expect(result.packageManager?.evidence).toEqual([
      { file: "web/pnpm-lock.yaml", signal: "lock file" },
    ]);
  });

  it("lets operator rules override built-ins and add frameworks", async () => {
    const files = {
      "package.json": packageJson({ deps: ["express", "@acme/server-kit"] }),
      "index.js": "",
    };
    const result = await detect(memorySnapshot(files), {
      path: ".",
      rules: [
        {
          id: "acme-kit",
          name: "Acme Kit",
          ecosystem: "node",
          dependencies: ["@acme/*"],
          priority: 95,
          port: 7000,
          template: "node-server",
          startCommand: "acme serve",
        },
        {
          id: "express",
          name: "Express",
          ecosystem: "node",
          dependencies: ["express"],
          priority: 50,
          port: 5000,
        },
      ],
    });
    expect(result.frameworks.map((framework) => framework.value)).toEqual(["Acme Kit", "Express"]);
    expect(result.port?.value).toBe(7000);
    expect(result.startCommand?.value).toBe("acme serve");
  });

  it("rejects invalid operator rules", async () => {
    await expect(
      detect(memorySnapshot({ "index.html": "" }), { path: ".", rules: [{ id: "Bad Id" }] }),
    ).rejects.toThrow(/detectionRules\[0\]/);
  });

  it("fails an empty repository", async () => {
    expect((await failure(detect(memorySnapshot({}), { path: "." }))).code).toBe(
      "empty_repository",
    );
  });

  it("fails an unknown stack with a message the customer can act on", async () => {
    const error = await failure(
      detect(memorySnapshot({ "README.md": "hi", "notes.txt": "" }), { path: "." }),
    );
    expect(error.code).toBe("unknown_stack");
    expect(error.message).toMatch(/Dockerfile/);
  });

  it("fails a path that does not exist or escapes the repository", async () => {
    const repo = memorySnapshot({ "index.html": "" });
    expect((await failure(detect(repo, { path: "apps/web" }))).code).toBe("path_not_found");
    expect((await failure(detect(repo, { path: "../etc" }))).code).toBe("path_not_found");
  });

  it("asks for a path at a workspace root that is not an app", async () => {
    const error = await failure(
      detect(
        memorySnapshot({
          "package.json": JSON.stringify({ workspaces: ["apps/*"] }),
          "apps/site/package.json": packageJson({ name: "site", deps: ["astro"] }),
          "apps/api/package.json": packageJson({ name: "api", deps: ["hono"] }),
          "apps/api/index.js": "",
        }),
        { path: "." },
      ),
    );
    expect(error.code).toBe("workspace_root");
    expect(error.candidates).toEqual([
      { path: "apps/api", name: "api" },
      { path: "apps/site", name: "site" },
    ]);
    expect(error.message).toContain("Node.js workspace");
    expect(error.message).toContain("apps/site");
    expect(error.languages.map((language) => language.value)).toEqual(["Node.js"]);
  });
});
