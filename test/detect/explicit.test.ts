import { describe, expect, it } from "vitest";
import { detect } from "../../runner/detect/index.ts";
import { json, packageJson } from "../fixtures/corpus/types.ts";
import { memorySnapshot } from "../fixtures/memory.ts";

const detectFiles = (files: Record<string, string>) => detect(memorySnapshot(files), { path: "." });

describe("explicit configuration", () => {
  const app = {
    "package.json": packageJson({ deps: ["express"], scripts: { start: "node index.js" } }),
    "index.js": "",
  };

  it("ranks railpack.json over nixpacks.toml over the Procfile over inference", async () => {
    const procfile = { ...app, Procfile: "release: node migrate.js\nweb: node procfile.js\n" };
    const nixpacks = { ...procfile, "nixpacks.toml": '[start]\ncmd = "node nixpacks.js"\n' };
    const railpack = {
      ...nixpacks,
      "railpack.json": json({ deploy: { startCommand: "node railpack.js" } }),
    };
    expect((await detectFiles(app)).startCommand?.value).toBe("npm run start");
    expect((await detectFiles(procfile)).startCommand).toEqual({
      value: "node procfile.js",
      confidence: "definite",
      evidence: [{ file: "Procfile", signal: "line 2: web process" }],
    });
    expect((await detectFiles(nixpacks)).startCommand?.evidence).toEqual([
      { file: "nixpacks.toml", signal: "[start] cmd" },
    ]);
    expect((await detectFiles(railpack)).startCommand?.value).toBe("node railpack.js");
  });

  it("lets a provider or buildpack choose among detected languages, and says so", async () => {
    const files = {
      ...app,
      "requirements.txt": "flask\n",
      "app.py": "",
    };
    expect((await detectFiles(files)).languages[0]?.value).toBe("Python");
    const named = await detectFiles({ ...files, "railpack.json": json({ provider: "node" }) });
    expect(named.languages.map((language) => language.value)).toEqual(["Node.js", "Python"]);
    expect(named.languages[0]?.evidence).toContainEqual({
      file: "railpack.json",
      signal: "provider: node",
    });
    expect(named.template).toBe("node-server");
  });

  it("reads runtime versions from .tool-versions and mise.toml for every runtime", async () => {
    const cases: [Record<string, string>, string, string][] = [
      [{ Gemfile: "gem 'sinatra'\n", ".tool-versions": "ruby 3.2.4\n" }, "3.2", ".tool-versions"],
      [
        { "mix.exs": "[app: :a, deps: []]", "mise.toml": '[tools]\nelixir = "1.16.2-otp-26"\n' },
        "1.16",
        "mise.toml",
      ],
      [
        {
          "Cargo.toml": '[package]\nname = "a"\n',
          "src/main.rs": "",
          ".tool-versions": "rust 1.80.1\n",
        },
        "1.80",
        ".tool-versions",
      ],
      [
        { "pom.xml": "<project/>", ".tool-versions": "java temurin-17.0.9+9\n" },
        "17",
        ".tool-versions",
      ],
      [{ "composer.json": "{}", "mise.toml": '[tools]\nphp = ["8.2"]\n' }, "8.2", "mise.toml"],
      [
        { "deno.json": "{}", "main.ts": "", ".mise.toml": '[tools]\ndeno = "1.46"\n' },
        "1",
        ".mise.toml",
      ],
    ];
    for (const [files, version, file] of cases) {
      const result = await detectFiles(files);
      expect(result.runtimeVersion?.value, file).toBe(version);
      expect(result.runtimeVersion?.evidence[0]?.file).toBe(file);
    }
  });
});

describe("port evidence", () => {
  it("names the server that listens, not the framework", async () => {
    const result = await detectFiles({ "requirements.txt": "flask\ngunicorn\n", "app.py": "" });
    expect(result.port?.value).toBe(8000);
    expect(result.port?.evidence[0]?.signal).toMatch(/^gunicorn /);
    expect(JSON.stringify(result.port)).not.toContain("Flask");
  });

  it("gives Flask's development server its own port", async () => {
    const result = await detectFiles({
      "requirements.txt": "flask\n",
      Procfile: "web: flask run --host 0.0.0.0\n",
    });
    expect(result.port).toEqual({
      value: 5000,
      confidence: "probable",
      evidence: [{ file: "Procfile", signal: "Flask development server default port 5000" }],
    });
  });
});
