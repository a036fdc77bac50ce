import { describe, expect, it } from "vitest";
import { createOrg, createTenant, problem, request } from "../harness.ts";
import {
  addCredential,
  credentialsPath,
  expectNoSecret,
  gitCredential,
  registryCredential,
} from "./support.ts";

describe("tenant credentials: errors", () => {
  it("refuses an unknown kind, a missing secret and a malformed host, echoing no secret", async () => {
    const org = await createOrg();
    const { tenant } = await createTenant(org);
    for (const body of [
      gitCredential({ kind: "ssh" }),
      gitCredential({ token: "" }),
      gitCredential({ host: "https://github.com/acme" }),
      registryCredential({ server: undefined }),
      registryCredential({ name: "Not A Name" }),
    ]) {
      const res = await addCredential(org, tenant.id, body);
      expect(res.status).toBe(400);
      const text = await res.clone().text();
      expectNoSecret(text);
      expect((await problem(res)).code).toBe("validation_failed");
    }
  });

  it("answers 409 to a second credential of the same name", async () => {
    const org = await createOrg();
    const { tenant } = await createTenant(org);
    expect((await addCredential(org, tenant.id, gitCredential())).status).toBe(201);
    const again = await addCredential(
      org,
      tenant.id,
      registryCredential({ name: "github-deploy" }),
    );
    expect(again.status).toBe(409);
    expect((await problem(again)).code).toBe("invalid_state");
  });

  it("answers 409, not 500, to one of two credentials of the same name added at once", async () => {
    const org = await createOrg();
    const { tenant } = await createTenant(org);
    const answers = await Promise.all(
      Array.from({ length: 4 }, () => addCredential(org, tenant.id, gitCredential())),
    );
    expect(answers.map((res) => res.status).sort()).toEqual([201, 409, 409, 409]);
  });

  it("answers 404 for an unknown tenant or credential", async () => {
    const org = await createOrg();
    const { tenant } = await createTenant(org);
    const missingTenant = await addCredential(org, "ten_00000000000000000000", gitCredential());
    expect(missingTenant.status).toBe(404);
    const missing = await request(credentialsPath(tenant.id, "crd_00000000000000000000"), {
      method: "DELETE",
      headers: org.headers,
    });
    expect(missing.status).toBe(404);
    expect((await problem(missing)).code).toBe("not_found");
  });
});
