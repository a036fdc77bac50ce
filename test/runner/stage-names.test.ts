import { describe, expect, it } from "vitest";
import { PROVISION_STAGES, StreamedEvent } from "../../worker/contracts/index.ts";

const stored = (stage: string) => ({
  deploymentId: "dep_0123456789abcdefghij",
  attempt: 1,
  seq: 0,
  stage,
  type: "stage.started",
  message: "creating the isolated namespace",
  at: "2026-01-01T00:00:00.000Z",
  id: 1,
  receivedAt: "2026-01-01T00:00:00.000Z",
});

describe("stage names", () => {
  it("name the first stage after what it makes, not after the whole job", () => {
    expect(PROVISION_STAGES[0]).toBe("namespace");
    expect(PROVISION_STAGES).not.toContain("provision");
  });

  it("read events stored under the first stage's old name as the new one", () => {
    expect(StreamedEvent.parse(stored("provision")).stage).toBe("namespace");
    expect(StreamedEvent.parse(stored("namespace")).stage).toBe("namespace");
    expect(StreamedEvent.safeParse(stored("provisioning")).success).toBe(false);
  });
});
