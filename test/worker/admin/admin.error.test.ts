import { describe, expect, it } from "vitest";
import { bearer, OPERATOR_TOKEN, problem, request } from "../harness.ts";

describe("operator endpoint errors", () => {
  it.each([{}, { name: "" }, { name: "x", id: "org_chosen" }])("rejects %j", async (json) => {
    const res = await request("/v1/admin/organizations", {
      method: "POST",
      headers: bearer(OPERATOR_TOKEN),
      json,
    });
    expect(res.status).toBe(400);
    expect((await problem(res)).code).toBe("validation_failed");
  });

  it("replays an organization creation with the same Idempotency-Key", async () => {
    const send = () =>
      request("/v1/admin/organizations", {
        method: "POST",
        headers: { ...bearer(OPERATOR_TOKEN), "idempotency-key": "bootstrap-org" },
        json: { name: "Bootstrap" },
      });
    const first = await send();
    const second = await send();
    expect(await second.text()).toBe(await first.text());
  });
});
