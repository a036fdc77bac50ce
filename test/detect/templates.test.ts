import { DockerfileParser } from "dockerfile-ast";
import { describe, expect, it } from "vitest";
import { DetectionError, detect } from "../../runner/detect/index.ts";
import { BUILTIN_TEMPLATES, generateDockerfile } from "../../runner/templates/index.ts";
import type { DetectionResult } from "../../worker/contracts/detection.ts";
import { FIXTURES } from "../fixtures/corpus/index.ts";
import { memorySnapshot } from "../fixtures/memory.ts";

const KEYWORDS = new Set(["FROM", "RUN", "COPY", "WORKDIR", "ENV", "USER", "EXPOSE", "CMD", "ARG"]);

async function corpusResults(): Promise<{ name: string; result: DetectionResult }[]> {
  const results: { name: string; result: DetectionResult }[] = [];
  for (const fixture of FIXTURES) {
    if (fixture.expect.template === null) continue;
    const result = await detect(memorySnapshot(fixture.files), { path: fixture.path ?? "." });
    results.push({ name: fixture.name, result });
  }
  return results;
}

/** Checks one generated Dockerfile with a real parser against the template requirements. */
function checkDockerfile(dockerfile: string, port: number): void {
  expect(dockerfile).not.toMatch(/\{\{|\}\}/);
  const parsed = DockerfileParser.parse(dockerfile);
  const instructions = parsed.getInstructions();
  for (const instruction of instructions) {
    expect(KEYWORDS, instruction.getKeyword()).toContain(instruction.getKeyword());
    expect(instruction.getArguments().length, instruction.getKeyword()).toBeGreaterThan(0);
  }
  const froms = parsed.getFROMs();
  expect(froms.length, "multi-stage").toBeGreaterThanOrEqual(2);
  const stages = new Set(froms.map((from) => from.getBuildStage()).filter(Boolean));
  for (const from of froms) {
    const image = from.getImageName() ?? "";
    if (stages.has(image) || image === "scratch") continue;
    const tag = from.getImageTag() ?? "";
    expect(`${image}:${tag}`, "pinned by version").toMatch(/\d/);
    expect(tag).not.toBe("latest");
  }
  const finalStage = instructions.slice(instructions.lastIndexOf(froms.at(-1) as never));
  const users = finalStage.filter((instruction) => instruction.getKeyword() === "USER");
  const user = users.at(-1)?.getArguments()[0]?.getValue() ?? "";
  expect(user, "numeric non-root user").toMatch(/^[1-9]\d*(:\d+)?$/);
  const expose = finalStage.find((instruction) => instruction.getKeyword() === "EXPOSE");
  expect(expose?.getArguments()[0]?.getValue()).toBe(String(port));
  const cmd = finalStage.find((instruction) => instruction.getKeyword() === "CMD");
  const command: unknown = JSON.parse(cmd?.getArgumentsContent() ?? "null");
  expect(
    Array.isArray(command) &&
      command.length > 0 &&
      command.every((word) => typeof word === "string"),
  ).toBe(true);
}

describe("generateDockerfile", () => {
  it("renders a parseable Dockerfile for every template-backed repository in the corpus", async () => {
    const results = await corpusResults();
    const used = new Set<string>();
    for (const { name, result } of results) {
      const { templateId, dockerfile } = generateDockerfile(result);
      used.add(templateId);
      try {
        checkDockerfile(dockerfile, result.port?.value ?? 0);
      } catch (error) {
        throw new Error(`${name} (${templateId}):\n${dockerfile}`, { cause: error });
      }
    }
    expect(Object.keys(BUILTIN_TEMPLATES).length).toBeGreaterThanOrEqual(20);
    expect([...Object.keys(BUILTIN_TEMPLATES)].filter((id) => !used.has(id))).toEqual([]);
  });

  it("caches dependency layers before copying the sources", async () => {
    for (const { name, result } of await corpusResults()) {
      if (["static", "hugo", "php"].includes(result.template ?? "")) continue;
      // Nothing to install without a package manager; a workspace installs from all its sources.
      if (result.packageManager === null || result.candidates.length > 0) continue;
      const instructions = DockerfileParser.parse(
        generateDockerfile(result).dockerfile,
      ).getInstructions();
      const copyAll = instructions.findIndex(
        (i) => i.getKeyword() === "COPY" && i.getArgumentsContent() === ". .",
      );
      const firstRun = instructions.findIndex((i) => i.getKeyword() === "RUN");
      expect(copyAll, name).toBeGreaterThan(firstRun);
    }
  });

  it("installs a workspace from all its members' manifests, and a lone script with nothing", async () => {
    const dockerfileOf = async (name: string) => {
      const fixture = FIXTURES.find((f) => f.name === name);
      const result = await detect(memorySnapshot(fixture?.files ?? {}), { path: "." });
      return generateDockerfile(result).dockerfile;
    };
    const workspace = await dockerfileOf("npm-workspace-single-app");
    expect(workspace.indexOf("COPY . .")).toBeLessThan(
      workspace.indexOf("RUN if [ -f package-lock"),
    );
    expect(workspace).toContain('CMD ["sh","-c","cd apps/api && exec npm run start"]');
    const script = await dockerfileOf("python-lone-bot");
    expect(script).not.toContain("requirements.txt");
    expect(script).toContain('CMD ["python","bot.py"]');
    const goFile = await dockerfileOf("go-main-without-module");
    expect(goFile).not.toContain("go.mod");
    const cargo = await dockerfileOf("cargo-workspace");
    expect(cargo).not.toContain("fn main() {}");
  });

  it("fills in the port and start command", async () => {
    const result = await detect(
      memorySnapshot(FIXTURES.find((f) => f.name === "django")?.files ?? {}),
      { path: "." },
    );
    const { dockerfile } = generateDockerfile(result);
    expect(dockerfile).toContain('CMD ["gunicorn","mysite.wsgi","--bind","0.0.0.0:8000"]');
    expect(dockerfile).toContain("EXPOSE 8000");
    expect(dockerfile).toContain("FROM python:3.11-slim AS build");
  });

  it("runs a start command with shell syntax through sh -c, quoted as JSON", async () => {
    const result = await detect(
      memorySnapshot({
        "requirements.txt": "flask\n",
        Procfile: 'web: gunicorn "app:create()" --bind 0.0.0.0:$PORT\n',
      }),
      { path: "." },
    );
    expect(generateDockerfile(result).dockerfile).toContain(
      'CMD ["sh","-c","exec gunicorn \\"app:create()\\" --bind 0.0.0.0:$PORT"]',
    );
  });

  it("refuses values that would start a new instruction", async () => {
    const result = await detect(
      memorySnapshot({
        "package.json": JSON.stringify({
          dependencies: { express: "4" },
          scripts: { build: "tsc\nRUN curl evil" },
        }),
      }),
      { path: "." },
    );
    const pnpm = {
      ...result,
      buildCommand: { value: "tsc\nRUN curl evil", confidence: "definite" as const, evidence: [] },
    };
    expect(() => generateDockerfile(pnpm)).toThrow(DetectionError);
  });

  it("uses operator templates and refuses unknown variables", async () => {
    const result = await detect(memorySnapshot({ "index.html": "" }), { path: "." });
    const custom = generateDockerfile(result, {
      templates: { static: "FROM caddy:2\nEXPOSE {{port}}\n" },
    });
    expect(custom.dockerfile).toBe("FROM caddy:2\nEXPOSE 8080\n");
    const error = (() => {
      try {
        generateDockerfile(result, {
          templates: { static: "FROM x:1\nRUN {{process.exit}}\n{{secret}}\n" },
        });
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(DetectionError);
    expect((error as DetectionError).code).toBe("invalid_template");
  });

  it("explains a missing start command and a missing template", async () => {
    const python = await detect(memorySnapshot({ "requirements.txt": "requests\n" }), {
      path: ".",
    });
    expect(() => generateDockerfile(python)).toThrow(/Procfile/);
    expect(() => generateDockerfile({ ...python, template: "fortran" })).toThrow(
      /no Dockerfile template "fortran"/,
    );
  });
});
