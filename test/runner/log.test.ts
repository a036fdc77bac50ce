import { describe, expect, it } from "vitest";
import { runnerLogger } from "../../runner/log/logger.ts";

const capture = () => {
  const lines: Record<string, unknown>[] = [];
  return { lines, write: (line: string) => lines.push(JSON.parse(line)) };
};

describe("runner log", () => {
  it("writes one JSON line per entry with time, level, component and message", () => {
    const out = capture();
    runnerLogger(out).info({ deploymentId: "dep_1" }, "job accepted");
    expect(out.lines).toEqual([
      expect.objectContaining({
        level: "info",
        component: "runner",
        message: "job accepted",
        deploymentId: "dep_1",
        time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      }),
    ]);
  });

  it("blanks secret fields at the top of a line and one object down", () => {
    const out = capture();
    runnerLogger(out).warn(
      {
        token: "eyJhbGciOi.secret",
        request: { authorization: "Bearer s3cret", path: "/v1/jobs" },
        job: { spec: { env: { API_KEY: "s3cret" } } },
      },
      "request refused",
    );
    const line = JSON.stringify(out.lines[0]);
    expect(line).not.toContain("s3cret");
    expect(line).not.toContain("eyJhbGciOi");
    expect(out.lines[0]).toMatchObject({
      token: "[redacted]",
      request: { authorization: "[redacted]", path: "/v1/jobs" },
      job: { spec: "[redacted]" },
    });
  });
});
