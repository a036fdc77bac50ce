import { describe, expect, it } from "vitest";
import { BUILTIN_TEMPLATES } from "../../runner/templates/builtin/index.ts";
import { generateDockerfile } from "../../runner/templates/index.ts";
import { SAMPLE_DETECTION, templateContentHash } from "../../worker/templates/render-template.ts";
import { templateProblems } from "../../worker/templates/validate-template.ts";

describe("template versions between the edge and the runner", () => {
  it("generates from an operator's override and records the hash the edge shows for it", async () => {
    const override =
      'FROM node:{{runtimeVersion}}-alpine\nLABEL variant="operator"\nUSER 1000:1000\nCMD {{startCommand}}\n';
    const generated = generateDockerfile(SAMPLE_DETECTION, {
      templates: { "node-server": override },
    });
    expect(generated.dockerfile).toContain('LABEL variant="operator"');
    expect(generated.templateVersion).toBe(await templateContentHash(override));
  });

  it("accepts every built-in template as the edge validates an operator's", () => {
    for (const [name, content] of Object.entries(BUILTIN_TEMPLATES)) {
      expect(templateProblems(name, content), name).toEqual([]);
    }
  });
});
