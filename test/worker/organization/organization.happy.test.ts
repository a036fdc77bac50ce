import { describe, expect, it } from "vitest";
import { createOrg, JWT_ISSUER, request } from "../harness.ts";
import type { AuditEntry, Page } from "../types.ts";
import { addMember, type Member, memberPath, subjectOf, userHeaders } from "./support.ts";

describe("GET/PATCH /v1/organization", () => {
  it("shows the caller's organization and renames it or changes its plan, audited", async () => {
    const org = await createOrg();
    const shown = await request("/v1/organization", { headers: org.headers });
    expect(shown.status).toBe(200);
    expect(await shown.json()).toMatchObject({ id: org.orgId, plan: null });

    const res = await request("/v1/organization", {
      method: "PATCH",
      headers: org.headers,
      json: { name: "Renamed Inc", plan: "business" },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      id: org.orgId,
      name: "Renamed Inc",
      plan: "business",
    });
    const back = await request("/v1/organization", {
      method: "PATCH",
      headers: org.headers,
      json: { plan: null },
    });
    expect(await back.json()).toMatchObject({ name: "Renamed Inc", plan: null });

    const audit = (await (
      await request("/v1/audit?action=organization.update", { headers: org.headers })
    ).json()) as Page<AuditEntry>;
    expect(audit.data.map((e) => e.metadata)).toEqual([
      { fields: ["plan"], plan: null },
      { fields: ["name", "plan"], plan: "business" },
    ]);
  });

  it("a new plan sets the organization's API budget on the next request", async () => {
    const org = await createOrg();
    await request("/v1/organization", {
      method: "PATCH",
      headers: org.headers,
      json: { plan: "business" },
    });
    const res = await request("/v1/organization", { headers: org.headers });
    expect(res.headers.get("ratelimit-policy")).toContain("q=30000");
  });
});

describe("members", () => {
  it("adds, lists, changes the role of and removes members, each audited", async () => {
    const org = await createOrg();
    const subject = subjectOf("carol");
    const added = await addMember(org, subject, "viewer");
    expect(added).toMatchObject({ issuer: JWT_ISSUER, subject, role: "viewer" });

    const list = (await (
      await request("/v1/organization/members", { headers: org.headers })
    ).json()) as Page<Member>;
    expect(list.data.map((m) => m.subject)).toEqual([subject]);

    const changed = await request(memberPath(subject), {
      method: "PATCH",
      headers: org.headers,
      json: { role: "developer" },
    });
    expect(changed.status).toBe(200);
    expect(await changed.json()).toMatchObject({ id: added.id, role: "developer" });

    const removed = await request(memberPath(subject), { method: "DELETE", headers: org.headers });
    expect(removed.status).toBe(204);
    const after = (await (
      await request("/v1/organization/members", { headers: org.headers })
    ).json()) as Page<Member>;
    expect(after.data).toEqual([]);

    const audit = (await (
      await request("/v1/audit?targetType=member", { headers: org.headers })
    ).json()) as Page<AuditEntry>;
    expect(audit.data.map((e) => e.action)).toEqual([
      "member.remove",
      "member.update",
      "member.add",
    ]);
    expect(audit.data.every((e) => e.targetId === added.id)).toBe(true);
  });

  it("a member's JWT acts with its role's scopes, as that member", async () => {
    const org = await createOrg();
    const viewer = subjectOf("vera");
    const developer = subjectOf("dev");
    await addMember(org, viewer, "viewer");
    const dev = await addMember(org, developer, "developer");

    const asViewer = await userHeaders(viewer);
    expect((await request("/v1/tenants", { headers: asViewer })).status).toBe(200);
    const viewerWrite = await request("/v1/organization", {
      method: "PATCH",
      headers: asViewer,
      json: { name: "x" },
    });
    expect(viewerWrite.status).toBe(403);

    const asDeveloper = await userHeaders(developer);
    const session = await request("/v1/session", { headers: asDeveloper });
    expect(await session.json()).toMatchObject({
      signedIn: true,
      organizationId: org.orgId,
      actor: `user:${dev.id}`,
      scopes: ["read", "write"],
    });
  });

  it("the first user of an organization becomes its admin; the next one is not let in", async () => {
    const org = await createOrg();
    const first = subjectOf("founder");
    const asFirst = await userHeaders(first, org.orgId);
    const members = await request("/v1/organization/members", { headers: asFirst });
    expect(members.status).toBe(200);
    const page = (await members.json()) as Page<Member>;
    expect(page.data).toMatchObject([{ subject: first, role: "admin" }]);

    const second = await userHeaders(subjectOf("latecomer"), org.orgId);
    const refused = await request("/v1/tenants", { headers: second });
    expect(refused.status).toBe(403);
  });

  it("a subject in several organizations chooses one with Enclave-Organization", async () => {
    const a = await createOrg();
    const b = await createOrg();
    const subject = subjectOf("multi");
    await addMember(a, subject, "viewer");
    await addMember(b, subject, "admin");
    const headers = await userHeaders(subject);
    const inB = await request("/v1/organization", {
      headers: { ...headers, "enclave-organization": b.orgId },
    });
    expect(await inB.json()).toMatchObject({ id: b.orgId });
    const inA = await request("/v1/organization", {
      headers: { ...headers, "enclave-organization": a.orgId },
    });
    expect(await inA.json()).toMatchObject({ id: a.orgId });
    const claimed = await request("/v1/organization", {
      headers: await userHeaders(subject, a.orgId),
    });
    expect(await claimed.json()).toMatchObject({ id: a.orgId });
  });
});
