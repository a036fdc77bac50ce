import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { UsageError } from "../../runner/cli/args.ts";
import { buildCreateInput, parseDatabase, slugify } from "../../runner/cli/commands/tenant-spec.ts";

const noStdin = Readable.from([]);

describe("tenant spec from flags", () => {
  it("derives a DNS-label slug from the name", () => {
    expect(slugify("Acme Corp. (EU)")).toBe("acme-corp-eu");
    expect(slugify("Café Ünïcode")).toBe("cafe-unicode");
    expect(slugify("x".repeat(80))).toHaveLength(40);
  });

  it("fills in database versions", () => {
    expect(parseDatabase("postgres", "")).toEqual({ engine: "postgres", version: "16" });
    expect(parseDatabase("mysql", "")).toEqual({ engine: "mysql", version: "8.4" });
    expect(parseDatabase("postgres:17", "")).toEqual({ engine: "postgres", version: "17" });
    expect(() => parseDatabase("postgres:", "")).toThrow(UsageError);
  });

  it("turns a local directory given to --git into a file:// URL", async () => {
    const dir = mkdtempSync(join(tmpdir(), "enclave-repo-"));
    const input = await buildCreateInput(
      { name: "A", git: dir, port: "80", path: "apps/web" },
      "",
      noStdin,
    );
    expect(input.services[0]?.source).toEqual({
      type: "git",
      url: pathToFileURL(dir).href,
      path: "apps/web",
    });
  });

  it("keeps a remote git URL as given", async () => {
    const url = "https://git.example.com/acme/app.git";
    const input = await buildCreateInput({ name: "A", git: url, port: "80" }, "", noStdin);
    expect(input.services[0]?.source).toEqual({ type: "git", url });
  });

  it("reads several services from --file, top-level flags overriding", async () => {
    const dir = mkdtempSync(join(tmpdir(), "enclave-spec-"));
    const file = join(dir, "spec.json");
    const services = [
      { name: "web", source: { type: "image", image: "nginx" }, port: 80, healthPath: "/" },
      {
        name: "api",
        source: { type: "github", repo: "acme/api" },
        port: 3000,
        healthPath: "/health",
      },
    ];
    writeFileSync(file, JSON.stringify({ name: "Acme", slug: "acme", plan: "starter", services }));
    const input = await buildCreateInput(
      { file, plan: "business", label: ["tier=gold"] },
      "",
      noStdin,
    );
    expect(input).toEqual({
      name: "Acme",
      slug: "acme",
      plan: "business",
      labels: { tier: "gold" },
      services,
    });
    const fromStdin = await buildCreateInput(
      { file: "-" },
      "",
      Readable.from([JSON.stringify({ name: "B", services })]),
    );
    expect(fromStdin.slug).toBe("b");
  });

  it("refuses service flags together with --file, and files that are not objects", async () => {
    await expect(buildCreateInput({ file: "x.json", image: "nginx" }, "", noStdin)).rejects.toThrow(
      /drop --image/,
    );
    await expect(buildCreateInput({ file: "-" }, "", Readable.from(["[1]"]))).rejects.toThrow(
      /not a JSON object/,
    );
  });

  it("never echoes an --env value in an error", async () => {
    const error = await buildCreateInput(
      { name: "A", image: "x", port: "1", env: ["BAD-NAME=s3cret"] },
      "",
      noStdin,
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).not.toContain("s3cret");
  });
});
