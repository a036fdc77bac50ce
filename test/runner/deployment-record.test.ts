import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deploymentSpec, service } from "./support/fixtures.ts";
import { Harness } from "./support/harness.ts";

const gitService = service({
  name: "web",
  source: { type: "git", url: "file:///srv/repos/shop.git", ref: "main", path: "." },
});

describe("what a deployment reports for its record", () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await Harness.start();
  });
  afterAll(() => harness.close());

  it("puts each service's detection, image and the URL in the ready event", async () => {
    const spec = deploymentSpec({ database: null, services: [gitService] });
    const { terminal } = await harness.run(spec);
    expect(terminal?.type, terminal?.message).toBe("deployment.ready");
    const data = terminal?.data as {
      url: string;
      images: Record<string, string>;
      detections: Record<string, { languages: unknown[] }>;
    };
    expect(data.url).toContain(spec.tenant.slug);
    expect(data.images.web).toMatch(/@sha256:[0-9a-f]{64}$/);
    expect(data.detections.web?.languages.length).toBeGreaterThan(0);
  });
});
