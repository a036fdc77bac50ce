import { describe, expect, it } from "vitest";
import { BUILTIN_TEMPLATES } from "../../../runner/templates/builtin/index.ts";
import type { DeploymentSpec } from "../../../worker/contracts/index.ts";
import { SAMPLE_DETECTION } from "../../../worker/templates/render-template.ts";
import { bearer, createOrg, createTenant, OPERATOR_TOKEN, request } from "../harness.ts";
import { claimSpec } from "../support/runner-api.ts";

const operator = bearer(OPERATOR_TOKEN);
const put = (name: string, content: string) =>
  request(`/v1/admin/templates/${name}`, { method: "PUT", headers: operator, json: { content } });
const preview = (name: string) =>
  request(`/v1/admin/templates/${name}/preview`, {
    method: "POST",
    headers: operator,
    json: { detection: { ...SAMPLE_DETECTION, template: name } },
  });

const nodeTemplate = (marker: string) =>
  `FROM node:{{runtimeVersion}}-alpine\nLABEL variant="${marker}"\nWORKDIR /app\nCOPY . .\nRUN {{installCommand}}\nUSER 1000:1000\nEXPOSE {{port}}\nCMD {{startCommand}}\n`;

interface Template {
  name: string;
  source: string;
  version: number | string | null;
  contentHash: string;
  content: string;
  history: { version: number; contentHash: string }[];
}

describe("operator templates", () => {
  it("lists the built-ins as version builtin", async () => {
    const res = await request("/v1/admin/templates", { headers: operator });
    expect(res.status).toBe(200);
    const { data } = (await res.json()) as { data: Template[] };
    expect(data.map((t) => t.name)).toEqual(expect.arrayContaining(Object.keys(BUILTIN_TEMPLATES)));
    expect(data.find((t) => t.name === "python")).toMatchObject({
      source: "builtin",
      version: "builtin",
      contentHash: expect.stringMatching(/^sha256:[0-9a-f]{12}$/),
    });
  });

  it("versions each change, shows it in the preview and in the next deployment's spec", async () => {
    const first = await put("node-server", nodeTemplate("one"));
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ source: "override", version: 1 });
    const second = (await (await put("node-server", nodeTemplate("two"))).json()) as Template;
    expect(second.version).toBe(2);
    expect(second.history.map((h) => h.version)).toEqual([2, 1]);
    expect(second.history[0]?.contentHash).toBe(second.contentHash);
    const unchanged = (await (await put("node-server", nodeTemplate("two"))).json()) as Template;
    expect(unchanged.version).toBe(2);

    const shown = await preview("node-server");
    expect(shown.status).toBe(200);
    const rendered = (await shown.json()) as { dockerfile: string; version: number };
    expect(rendered.version).toBe(2);
    expect(rendered.dockerfile).toContain('LABEL variant="two"');
    expect(rendered.dockerfile).toContain("FROM node:22-alpine");
    expect(rendered.dockerfile).toContain('CMD ["npm","start"]');

    const { deployment } = await createTenant(await createOrg());
    const spec = (await (await claimSpec(deployment.id)).json()) as DeploymentSpec;
    expect(spec.config.templates["node-server"]).toBe(nodeTemplate("two"));
  });

  it("falls back to the built-in when the override is deleted", async () => {
    expect((await put("python", nodeTemplate("python"))).status).toBe(200);
    const deleted = await request("/v1/admin/templates/python", {
      method: "DELETE",
      headers: operator,
    });
    expect(deleted.status).toBe(204);
    const current = (await (
      await request("/v1/admin/templates/python", { headers: operator })
    ).json()) as Template;
    expect(current).toMatchObject({ source: "builtin", version: "builtin" });
    expect(current.content).toBe(BUILTIN_TEMPLATES.python);
    expect(current.history.map((h) => h.version)).toEqual([1]);
  });

  it("adds a template that no built-in has", async () => {
    const res = await put("custom-stack", nodeTemplate("custom"));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ source: "override", version: 1, hasBuiltin: false });
    expect((await preview("custom-stack")).status).toBe(200);
  });
});
