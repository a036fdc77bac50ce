import { afterEach, describe, expect, it } from "vitest";
import { RegistryClient, type RegistryClientOptions } from "../../runner/registry/client.ts";
import { RegistryError } from "../../runner/registry/errors.ts";
import { deleteRepositoryImages } from "../../runner/registry/purge.ts";
import { FakeRegistry, type FakeRegistryOptions } from "./support/fake-registry.ts";

const REPO = "ten_0000000000000000abc1/web";

describe("registry client", () => {
  const open: (FakeRegistry | RegistryClient)[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((item) => item.close()));
  });

  async function setup(
    options: FakeRegistryOptions = {},
    client: Partial<RegistryClientOptions> = {},
  ) {
    const registry = await FakeRegistry.start(options);
    const registryClient = new RegistryClient({
      url: registry.url,
      backoff: { baseMs: 1, maxMs: 5 },
      ...client,
    });
    open.push(registry, registryClient);
    return { registry, client: registryClient };
  }

  it("lists every tag by following Link pages", async () => {
    const { registry, client } = await setup({ pageSize: 2 });
    for (const tag of ["a", "b", "c", "d", "e"]) registry.push(REPO, tag);
    expect(await client.listTags(REPO)).toEqual(["a", "b", "c", "d", "e"]);
    expect(registry.requests.map((r) => r.path)).toEqual([
      `/v2/${REPO}/tags/list?n=100`,
      `/v2/${REPO}/tags/list?n=2&last=b`,
      `/v2/${REPO}/tags/list?n=2&last=d`,
    ]);
  });

  it("lists no tags for a repository that was never pushed", async () => {
    const { client } = await setup();
    expect(await client.listTags("ten_0000000000000000abc1/none")).toEqual([]);
  });

  it("resolves a tag to its manifest digest with the manifest Accept types", async () => {
    const { registry, client } = await setup();
    const digest = registry.push(REPO, "dep-1");
    expect(await client.resolveDigest(REPO, "dep-1")).toBe(digest);
    expect(await client.resolveDigest(REPO, digest)).toBe(digest);
    expect(await client.resolveDigest(REPO, "missing")).toBeUndefined();
  });

  it("deletes by digest: 202 deletes it with its tags, 404 means already gone", async () => {
    const { registry, client } = await setup();
    const digest = registry.push(REPO, "dep-1");
    registry.tag(REPO, "latest", digest);
    const other = registry.push(REPO, "dep-2");
    expect(await client.deleteManifest(REPO, digest)).toBe(true);
    expect(registry.tagsOf(REPO)).toEqual(["dep-2"]);
    expect(await client.deleteManifest(REPO, digest)).toBe(false);
    await expect(client.deleteManifest(REPO, "latest")).rejects.toThrow(/invalid digest/);
    expect(await client.resolveDigest(REPO, "dep-2")).toBe(other);
  });

  it("names the registry setting when deletion is disabled (405)", async () => {
    const { registry, client } = await setup({ deleteEnabled: false });
    const digest = registry.push(REPO, "dep-1");
    const error = await client.deleteManifest(REPO, digest).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RegistryError);
    expect((error as RegistryError).status).toBe(405);
    expect((error as RegistryError).message).toContain("storage.delete.enabled: true");
    expect(registry.tagsOf(REPO)).toEqual(["dep-1"]);
  });

  it("answers the Bearer token challenge with the configured credentials", async () => {
    const tokenAuth = { username: "enclave", password: "registry-secret" };
    const { registry, client } = await setup(
      { tokenAuth },
      { credentials: { kind: "basic", ...tokenAuth } },
    );
    registry.push(REPO, "dep-1");
    registry.push(REPO, "dep-2");
    await client.ping();
    expect(await deleteRepositoryImages(client, REPO)).toBe(2);
    expect(registry.tagsOf(REPO)).toEqual([]);
    const tokenRequests = registry.requests.filter((r) => r.path.startsWith("/token"));
    // One token for the ping, one to pull and one to delete in the repository, each reused.
    expect(
      tokenRequests.map((r) => new URL(r.path, registry.url).searchParams.get("scope")),
    ).toEqual([null, `repository:${REPO}:pull`, `repository:${REPO}:delete`]);
    const deletes = registry.requests.filter((r) => r.method === "DELETE");
    expect(deletes.at(-1)?.authorization).toMatch(/^Bearer /);
  });

  it("fails clearly when the token service rejects the credentials", async () => {
    const { registry, client } = await setup(
      { tokenAuth: { username: "enclave", password: "right" } },
      { credentials: { kind: "basic", username: "enclave", password: "wrong" } },
    );
    registry.push(REPO, "dep-1");
    await expect(client.listTags(REPO)).rejects.toThrow(/token service .* answered 401/);
  });

  it("names the missing credentials when the registry demands them", async () => {
    const { registry, client } = await setup(
      { tokenAuth: { username: "enclave", password: "right" } },
      { credentials: { kind: "bearer", token: "stale" } },
    );
    registry.push(REPO, "dep-1");
    await expect(client.listTags(REPO)).rejects.toThrow(/rejected REGISTRY_TOKEN/);
  });

  it("retries a 503 and then succeeds", async () => {
    const { registry, client } = await setup();
    registry.push(REPO, "dep-1");
    registry.unavailable = 2;
    expect(await client.listTags(REPO)).toEqual(["dep-1"]);
    expect(registry.requests).toHaveLength(3);
  });

  it("waits as long as Retry-After asks rather than its own backoff", async () => {
    const { registry, client } = await setup({}, { backoff: { baseMs: 60_000, maxMs: 60_000 } });
    registry.push(REPO, "dep-1");
    registry.unavailable = 1;
    const started = performance.now();
    expect(await client.listTags(REPO)).toEqual(["dep-1"]);
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it("gives up after its attempts with the last status", async () => {
    const { registry, client } = await setup({}, { attempts: 3 });
    registry.push(REPO, "dep-1");
    registry.unavailable = 10;
    await expect(client.listTags(REPO)).rejects.toMatchObject({ status: 503 });
    expect(registry.requests).toHaveLength(3);
  });

  it("wraps an unreachable registry's error as the cause", async () => {
    const { registry } = await setup();
    const url = registry.url;
    await registry.close();
    const client = new RegistryClient({ url, attempts: 2, backoff: { baseMs: 1, maxMs: 2 } });
    open.push(client);
    const error = await client.ping().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RegistryError);
    expect((error as Error).message).toContain("did not reach the registry");
    expect((error as Error).cause).toBeInstanceOf(Error);
  });

  it("deletes a manifest named by several tags once", async () => {
    const { registry, client } = await setup();
    const digest = registry.push(REPO, "dep-1");
    registry.tag(REPO, "dep-2", digest);
    registry.push(REPO, "dep-3");
    expect(await deleteRepositoryImages(client, REPO)).toBe(2);
    expect(registry.tagsOf(REPO)).toEqual([]);
  });

  it("refuses names that are not repository names before any request", async () => {
    const { registry, client } = await setup();
    await expect(client.listTags("../etc")).rejects.toThrow(/invalid repository name/);
    expect(registry.requests).toEqual([]);
  });
});
