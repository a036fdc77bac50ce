import { describe, expect, it } from "vitest";
import { DetectionError, detect } from "../../runner/detect/index.ts";
import { DetectionResult } from "../../worker/contracts/detection.ts";
import { FIXTURES } from "../fixtures/corpus/index.ts";
import { memorySnapshot } from "../fixtures/memory.ts";

describe("detection corpus", () => {
  it("has at least 60 repositories with unique names", () => {
    expect(FIXTURES.length).toBeGreaterThanOrEqual(60);
    expect(new Set(FIXTURES.map((fixture) => fixture.name)).size).toBe(FIXTURES.length);
  });

  for (const fixture of FIXTURES) {
    it(`detects ${fixture.name}`, async () => {
      const repo = memorySnapshot(fixture.files);
      const expected = fixture.expect;
      let result: DetectionResult;
      try {
        result = await detect(repo, { path: fixture.path ?? "." });
      } catch (error) {
        if (!(error instanceof DetectionError) || error.code !== "workspace_root") throw error;
        expect(expected.template).toBeNull();
        expect(error.candidates).toEqual(expected.candidates);
        expect(error.languages.map((language) => language.value)).toEqual(expected.languages);
        return;
      }
      expect(DetectionResult.parse(result)).toEqual(result);
      expect(result.languages.map((language) => language.value)).toEqual(expected.languages);
      expect(result.frameworks[0]?.value ?? null).toBe(expected.framework);
      expect(result.template).toBe(expected.template);
      if (expected.frameworkConfidence) {
        expect(result.frameworks[0]?.confidence).toBe(expected.frameworkConfidence);
      }
      const optional = {
        packageManager: result.packageManager?.value ?? null,
        runtimeVersion: result.runtimeVersion?.value ?? null,
        startCommand: result.startCommand?.value ?? null,
        buildCommand: result.buildCommand?.value ?? null,
        port: result.port?.value,
        healthPath: result.healthPath?.value,
        outputDirectory: result.outputDirectory,
        dockerfile: result.dockerfile?.path ?? null,
        candidates: result.candidates,
      };
      for (const [key, value] of Object.entries(optional)) {
        if (key in expected)
          expect({ [key]: value }).toEqual({ [key]: expected[key as keyof typeof expected] });
      }
      for (const finding of [...result.languages, ...result.frameworks]) {
        expect(finding.evidence.length).toBeGreaterThan(0);
      }
    });
  }
});
