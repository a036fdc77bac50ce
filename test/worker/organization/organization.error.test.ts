import { describe, expect, it } from "vitest";
import { createOrg, problem, request } from "../harness.ts";
import { addMember, memberPath, subjectOf, userHeaders } from "./support.ts";

describe("organization errors", () => {
  it("refuses a plan the platform does not have and unknown fields", async () => {
    const org = await createOrg();
    const res = await request("/v1/organization", {
      method: "PATCH",
      headers: org.headers,
      json: { plan: "platinum" },
    });
    expect(res.status).toBe(400);
    expect((await problem(res)).errors?.[0]?.path).toBe("plan");
    const extra = await request("/v1/organization", {
      method: "PATCH",
      headers: org.headers,
      json: { id: "org_00000000000000000000" },
    });
    expect(extra.status).toBe(400);
  });

  it("refuses a role that does not exist, and a member added twice", async () => {
    const org = await createOrg();
    const bad = await request("/v1/organization/members", {
      method: "POST",
      headers: org.headers,
      json: { subject: "x", role: "owner" },
    });
    expect(bad.status).toBe(400);
    const subject = subjectOf("twice");
    await addMember(org, subject, "viewer");
    const again = await request("/v1/organization/members", {
      method: "POST",
      headers: org.headers,
      json: { subject, role: "admin" },
    });
    expect(again.status).toBe(409);
    expect((await problem(again)).code).toBe("invalid_state");
  });

  it("answers 404 for a subject that is not a member", async () => {
    const org = await createOrg();
    const res = await request(memberPath("nobody"), {
      method: "PATCH",
      headers: org.headers,
      json: { role: "admin" },
    });
    expect(res.status).toBe(404);
  });

  it("never lets the last admin be demoted or removed", async () => {
    const org = await createOrg();
    const admin = subjectOf("only-admin");
    await addMember(org, admin, "admin");
    const demote = await request(memberPath(admin), {
      method: "PATCH",
      headers: org.headers,
      json: { role: "developer" },
    });
    expect(demote.status).toBe(409);
    expect((await problem(demote)).detail).toMatch(/last admin/);
    const remove = await request(memberPath(admin), { method: "DELETE", headers: org.headers });
    expect(remove.status).toBe(409);

    const second = subjectOf("second-admin");
    await addMember(org, second, "admin");
    const removed = await request(memberPath(admin), { method: "DELETE", headers: org.headers });
    expect(removed.status).toBe(204);
    const audit = await request("/v1/audit?action=member.update", { headers: org.headers });
    expect(((await audit.json()) as { data: unknown[] }).data).toEqual([]);
  });

  it("refuses a JWT that is no member with a clear 403", async () => {
    const org = await createOrg();
    await addMember(org, subjectOf("someone"), "admin");
    const outsider = await userHeaders(subjectOf("outsider"), org.orgId);
    const res = await request("/v1/tenants", { headers: outsider });
    expect(res.status).toBe(403);
    expect((await problem(res)).detail).toMatch(/not a member/);
    const noClaim = await request("/v1/tenants", { headers: await userHeaders(subjectOf("x")) });
    expect(noClaim.status).toBe(403);
  });

  it("asks a subject in several organizations to choose, and refuses one it is not in", async () => {
    const a = await createOrg();
    const b = await createOrg();
    const c = await createOrg();
    const subject = subjectOf("undecided");
    await addMember(a, subject, "viewer");
    await addMember(b, subject, "viewer");
    const headers = await userHeaders(subject);
    const unchosen = await request("/v1/tenants", { headers });
    expect(unchosen.status).toBe(403);
    expect((await problem(unchosen)).detail).toMatch(/Enclave-Organization/);
    const elsewhere = await request("/v1/tenants", {
      headers: { ...headers, "enclave-organization": c.orgId },
    });
    expect(elsewhere.status).toBe(403);
  });
});
