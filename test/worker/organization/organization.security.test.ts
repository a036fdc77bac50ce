import { describe, expect, it } from "vitest";
import { createOrg, request } from "../harness.ts";
import type { Page } from "../types.ts";
import { addMember, type Member, memberPath, subjectOf, userHeaders } from "./support.ts";

describe("organization security", () => {
  it("a read key reads but changes nothing", async () => {
    const org = await createOrg(["read"]);
    expect((await request("/v1/organization", { headers: org.headers })).status).toBe(200);
    const writes = [
      request("/v1/organization", { method: "PATCH", headers: org.headers, json: { name: "x" } }),
      request("/v1/organization/members", {
        method: "POST",
        headers: org.headers,
        json: { subject: "x", role: "admin" },
      }),
      request(memberPath("x"), { method: "PATCH", headers: org.headers, json: { role: "admin" } }),
      request(memberPath("x"), { method: "DELETE", headers: org.headers }),
    ];
    for (const res of await Promise.all(writes)) expect(res.status).toBe(403);
  });

  it("managing members needs admin: a developer member cannot add itself a role", async () => {
    const org = await createOrg();
    const subject = subjectOf("climber");
    await addMember(org, subject, "developer");
    const headers = await userHeaders(subject);
    const promote = await request(memberPath(subject), {
      method: "PATCH",
      headers,
      json: { role: "admin" },
    });
    expect(promote.status).toBe(403);
  });

  it("another organization's members are never visible nor changeable", async () => {
    const a = await createOrg();
    const b = await createOrg();
    const subject = subjectOf("private");
    await addMember(a, subject, "viewer");
    const list = (await (
      await request("/v1/organization/members", { headers: b.headers })
    ).json()) as Page<Member>;
    expect(list.data).toEqual([]);
    const change = await request(memberPath(subject), {
      method: "PATCH",
      headers: b.headers,
      json: { role: "admin" },
    });
    expect(change.status).toBe(404);
    const remove = await request(memberPath(subject), { method: "DELETE", headers: b.headers });
    expect(remove.status).toBe(404);
  });

  it("a member of one organization cannot reach another by naming it", async () => {
    const a = await createOrg();
    const b = await createOrg();
    const subject = subjectOf("tourist");
    await addMember(a, subject, "admin");
    const res = await request("/v1/organization", {
      headers: { ...(await userHeaders(subject)), "enclave-organization": b.orgId },
    });
    expect(res.status).toBe(403);
  });
});
