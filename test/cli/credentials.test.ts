import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { resolveCredentials } from "../../runner/cli/config.ts";

const scratch = () => mkdtempSync(join(tmpdir(), "enclave-credentials-"));

function localStack(apiKey: string) {
  const stateDir = scratch();
  writeFileSync(join(stateDir, "dev.json"), JSON.stringify({ organizationId: "org_x", apiKey }));
  return { ENCLAVE_STATE_DIR: stateDir, ENCLAVE_CONFIG: join(scratch(), "config.json") };
}

describe("credentials", () => {
  it("use the local stack's development key when nobody logged in", async () => {
    const env = localStack("enc_test_dev_key");
    expect(await resolveCredentials(env)).toEqual({
      apiUrl: "http://127.0.0.1:8787",
      apiKey: "enc_test_dev_key",
    });
  });

  it("never send the development key to another API", async () => {
    const env = { ...localStack("enc_test_dev_key"), ENCLAVE_API_URL: "https://api.example.com" };
    await expect(resolveCredentials(env)).rejects.toThrow(/not logged in/);
  });

  it("prefer an explicit key over the development key", async () => {
    const env = { ...localStack("enc_test_dev_key"), ENCLAVE_API_KEY: "enc_test_explicit" };
    expect((await resolveCredentials(env)).apiKey).toBe("enc_test_explicit");
  });
});
