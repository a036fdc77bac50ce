import { describe, expect, it } from "vitest";
import { bearer, OPERATOR_TOKEN, problem, request } from "../harness.ts";

const operator = bearer(OPERATOR_TOKEN);
const put = (name: string, content: string) =>
  request(`/v1/admin/templates/${name}`, { method: "PUT", headers: operator, json: { content } });

describe("operator templates: errors", () => {
  it.each([
    ["FROM node:22\nCMD {{startCommand}}\n", /USER that is not root/],
    ["FROM node:22\nUSER 1000\nFROM node:22\nCMD x\n", /USER that is not root/],
    ["FROM node:22\nUSER root\n", /USER that is not root/],
    ["FROM node:22\nUSER 0:0\n", /USER that is not root/],
    ["RUN echo hi\nFROM node:22\nUSER 1000\n", /must start with FROM/],
    ["FROM node:22\nFETCH everything\nUSER 1000\n", /unknown instruction FETCH/],
    ["FROM node:22\nRUN {{unknownVariable}}\nUSER 1000\n", /unknown variable "unknownVariable"/],
    ["FROM node:22\n{{#port}}EXPOSE 1\nUSER 1000\n", /unclosed or nested section/],
  ])("refuses an unusable template (%#), storing nothing", async (content, message) => {
    const res = await put("broken", content);
    expect(res.status).toBe(400);
    const body = await problem(res);
    expect(body.code).toBe("validation_failed");
    expect(body.errors?.map((e) => e.message).join(" ")).toMatch(message);
    expect((await request("/v1/admin/templates/broken", { headers: operator })).status).toBe(404);
  });

  it("answers 404 for an unknown template and for deleting a built-in without an override", async () => {
    expect((await request("/v1/admin/templates/nothing", { headers: operator })).status).toBe(404);
    const inherited = await request("/v1/admin/templates/constructor", { headers: operator });
    expect(inherited.status).toBe(404);
    const builtin = await request("/v1/admin/templates/python", {
      method: "DELETE",
      headers: operator,
    });
    expect(builtin.status).toBe(404);
    expect((await problem(builtin)).detail).toContain("the built-in is in use");
  });

  it("refuses a preview without a valid detection result", async () => {
    const res = await request("/v1/admin/templates/python/preview", {
      method: "POST",
      headers: operator,
      json: { detection: { template: "python" } },
    });
    expect(res.status).toBe(400);
  });
});
