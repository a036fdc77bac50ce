import { describe, expect, it } from "vitest";
import { simulatedBuildah } from "../../runner/behaviours/build.ts";
import { testTimings } from "../../runner/cluster/index.ts";

const input = {
  IMAGE: "registry.local/ten-a/web:dep-1",
  SOURCE_URL: "file:///srv/app.git",
  SOURCE_REF: "main",
  CONTEXT_PATH: ".",
  DOCKERFILE_SHA256: "a".repeat(64),
};

function digestOf(env: Record<string, string>) {
  const plan = simulatedBuildah(
    { apiVersion: "v1", kind: "Pod", metadata: {} },
    {},
    {
      timings: testTimings,
      restartCount: 0,
      workload: "build-web",
      isJob: true,
      initContainer: false,
      env,
    },
  );
  return { digest: plan.exit?.terminationMessage, logs: plan.logs ?? [] };
}

describe("the simulated build", () => {
  it("derives its digest from its input: the same input, the same digest", () => {
    expect(digestOf(input).digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(digestOf({ ...input }).digest).toBe(digestOf(input).digest);
  });

  it("gives every different build its own digest", () => {
    const variants = [
      input,
      { ...input, IMAGE: "registry.local/ten-b/web:dep-2" },
      { ...input, IMAGE: "registry.local/ten-a/web:dep-3" },
      { ...input, SOURCE_URL: "file:///srv/other.git" },
      { ...input, SOURCE_REF: "0123456789abcdef0123456789abcdef01234567" },
      { ...input, CONTEXT_PATH: "api" },
      { ...input, DOCKERFILE_SHA256: "b".repeat(64) },
    ];
    const digests = new Set(variants.map((env) => digestOf(env).digest));
    expect(digests.size).toBe(variants.length);
  });

  it("says in its log that it is simulated", () => {
    expect(digestOf(input).logs[0]).toMatch(/simulated build/);
  });
});
