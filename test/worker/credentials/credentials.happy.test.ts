import { describe, expect, it } from "vitest";
import { createOrg, createTenant, request } from "../harness.ts";
import { claimSpec } from "../support/runner-api.ts";
import {
  addCredential,
  credentialsPath,
  expectNoSecret,
  GIT_TOKEN,
  gitCredential,
  REGISTRY_PASSWORD,
  registryCredential,
} from "./support.ts";

describe("tenant credentials", () => {
  it("adds a git token and a registry login, lists them without secrets, and removes one", async () => {
    const org = await createOrg();
    const { tenant } = await createTenant(org);

    const git = await addCredential(org, tenant.id, gitCredential());
    expect(git.status).toBe(201);
    const gitBody = await git.clone().json();
    expect(gitBody).toMatchObject({
      credential: { name: "github-deploy", kind: "git", host: "github.com" },
      appliesOn: "next_deployment",
    });
    expectNoSecret(await git.text());
    const registry = await addCredential(org, tenant.id, registryCredential());
    expect(registry.status).toBe(201);

    const listed = await request(credentialsPath(tenant.id), { headers: org.headers });
    const text = await listed.clone().text();
    expectNoSecret(text);
    const { credentials } = (await listed.json()) as {
      credentials: { id: string; name: string; kind: string; host: string | null }[];
    };
    expect(credentials.map((c) => [c.name, c.kind, c.host])).toEqual([
      ["github-deploy", "git", "github.com"],
      ["ghcr", "registry", "ghcr.io"],
    ]);
    expect(Object.keys(credentials[0] ?? {}).sort()).toEqual(
      ["createdAt", "host", "id", "kind", "name"].sort(),
    );

    const removed = await request(credentialsPath(tenant.id, credentials[0]?.id), {
      method: "DELETE",
      headers: org.headers,
    });
    expect(removed.status).toBe(200);
    const after = (await (
      await request(credentialsPath(tenant.id), { headers: org.headers })
    ).json()) as { credentials: { name: string }[] };
    expect(after.credentials.map((c) => c.name)).toEqual(["ghcr"]);
  });

  it("hands the credentials in plaintext to the runner in the deployment spec only", async () => {
    const org = await createOrg();
    const { tenant, deployment } = await createTenant(org);
    await addCredential(org, tenant.id, gitCredential({ host: undefined }));
    await addCredential(org, tenant.id, registryCredential());
    const spec = (await (await claimSpec(deployment.id)).json()) as {
      credentials: Record<string, unknown>[];
    };
    expect(spec.credentials).toEqual([
      { kind: "git", name: "github-deploy", host: null, token: GIT_TOKEN },
      {
        kind: "registry",
        name: "ghcr",
        server: "ghcr.io",
        username: "acme-bot",
        password: REGISTRY_PASSWORD,
      },
    ]);
  });

  it("audits adding and removing, naming the credential and never its secret", async () => {
    const org = await createOrg();
    const { tenant } = await createTenant(org);
    const added = (await (await addCredential(org, tenant.id, gitCredential())).json()) as {
      credential: { id: string };
    };
    await request(credentialsPath(tenant.id, added.credential.id), {
      method: "DELETE",
      headers: org.headers,
    });
    const audit = await request("/v1/audit?limit=10", { headers: org.headers });
    const text = await audit.clone().text();
    expectNoSecret(text);
    const { data } = (await audit.json()) as {
      data: { action: string; targetId: string; metadata: Record<string, unknown> }[];
    };
    const rows = data.filter((row) => row.action.startsWith("credential."));
    expect(rows.map((row) => row.action).sort()).toEqual([
      "credential.create",
      "credential.delete",
    ]);
    for (const row of rows) {
      expect(row.targetId).toBe(added.credential.id);
      expect(row.metadata).toMatchObject({
        tenantId: tenant.id,
        name: "github-deploy",
        kind: "git",
      });
    }
  });
});
