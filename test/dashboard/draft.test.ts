import { describe, expect, it } from "vitest";
import {
  cliCommand,
  curlCommand,
  type Draft,
  initialDraft,
  masked,
  slugFrom,
  stepOfPath,
  toRequest,
} from "../../worker/dashboard/app/wizard/draft.ts";

const draft: Draft = {
  ...initialDraft,
  name: "Acme Corp",
  slug: "acme",
  plan: "business",
  service: { ...initialDraft.service, url: "https://github.com/acme/app.git", ref: "v2" },
  database: { engine: "postgres", version: "16" },
  domains: "App.Acme.com, shop.acme.com",
  env: [
    { name: "API_TOKEN", value: "it's-secret" },
    { name: "", value: "ignored" },
  ],
};

describe("the wizard's request", () => {
  it("is the API's create body, with domains normalised and empty variables dropped", () => {
    expect(toRequest(draft)).toEqual({
      name: "Acme Corp",
      slug: "acme",
      plan: "business",
      services: [
        {
          name: "web",
          source: { type: "git", url: "https://github.com/acme/app.git", ref: "v2", path: "." },
          port: 3000,
          healthPath: "/healthz",
          env: { API_TOKEN: "it's-secret" },
        },
      ],
      database: { engine: "postgres", version: "16" },
      domains: ["app.acme.com", "shop.acme.com"],
    });
  });

  it("leaves the plan to the API until one is chosen", () => {
    const request = toRequest({ ...draft, plan: "" });
    expect(request).not.toHaveProperty("plan");
    expect(cliCommand(request)).not.toContain("--plan");
  });

  it("shows no secret: JSON, curl and CLI carry masked values only", () => {
    const request = toRequest(draft);
    expect(masked(request).services[0]?.env).toEqual({ API_TOKEN: "********" });
    const curl = curlCommand("https://enclave.example", request);
    const cli = cliCommand(request);
    for (const text of [curl, cli]) expect(text).not.toContain("secret");
    expect(curl).toContain("curl -X POST https://enclave.example/v1/tenants");
    expect(curl).toContain('"API_TOKEN":"********"');
    expect(cli).toBe(
      [
        "npx enclave tenants create",
        "--name 'Acme Corp'",
        "--slug acme",
        "--plan business",
        "--git 'https://github.com/acme/app.git'",
        "--ref v2",
        "--port 3000",
        "--health-path /healthz",
        "--env API_TOKEN=…",
        "--database postgres:16",
        "--domain app.acme.com",
        "--domain shop.acme.com",
        "--wait",
      ].join(" \\\n  "),
    );
  });

  it("quotes what a shell would split or expand", () => {
    const request = toRequest({ ...draft, name: "O'Brien & Sons" });
    expect(cliCommand(request)).toContain(`--name 'O'\\''Brien & Sons'`);
  });

  it("suggests a slug from the name, and sends an API error back to the step of its field", () => {
    expect(slugFrom("  Acme Corp, Inc. ")).toBe("acme-corp-inc");
    expect(slugFrom("x".repeat(60))).toHaveLength(40);
    expect(stepOfPath("slug")).toBe(0);
    expect(stepOfPath("services.0.source.url")).toBe(1);
    expect(stepOfPath("database.version")).toBe(2);
    expect(stepOfPath("domains.1")).toBe(3);
    expect(stepOfPath("services.0.env.API_TOKEN")).toBe(4);
  });
});
