import { mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { resolveCredentials, writeConfig } from "../../runner/cli/config.ts";
import { writeLocalStack } from "../../runner/cli/local-stack.ts";

const scratch = () => mkdtempSync(join(tmpdir(), "enclave-credentials-"));
const STACK_URL = "http://127.0.0.1:9787";

async function localStack(apiKey: string) {
  const stateDir = scratch();
  await writeLocalStack(stateDir, { apiUrl: STACK_URL, apiKey });
  return { ENCLAVE_STATE_DIR: stateDir, ENCLAVE_CONFIG: join(scratch(), "config.json") };
}

describe("credentials", () => {
  it("find the local stack npm start wrote, on whatever port it runs, when nobody logged in", async () => {
    const env = await localStack("enc_test_dev_key");
    expect(await resolveCredentials(env)).toEqual({
      apiUrl: STACK_URL,
      apiKey: "enc_test_dev_key",
    });
    expect(statSync(join(env.ENCLAVE_STATE_DIR, "stack.json")).mode & 0o777).toBe(0o600);
  });

  it("use the development key for the local stack's URL however it is written", async () => {
    const env = { ...(await localStack("enc_test_dev_key")), ENCLAVE_API_URL: `${STACK_URL}/` };
    expect((await resolveCredentials(env)).apiKey).toBe("enc_test_dev_key");
  });

  it("never send the development key to another API", async () => {
    const env = {
      ...(await localStack("enc_test_dev_key")),
      ENCLAVE_API_URL: "https://api.example.com",
    };
    await expect(resolveCredentials(env)).rejects.toThrow(/not logged in/);
  });

  it("prefer an explicit key, then a login, over the local stack", async () => {
    const env = await localStack("enc_test_dev_key");
    await writeConfig(env.ENCLAVE_CONFIG, {
      apiUrl: "https://api.example.com",
      apiKey: "enc_live_stored",
    });
    expect(await resolveCredentials(env)).toEqual({
      apiUrl: "https://api.example.com",
      apiKey: "enc_live_stored",
    });
    expect(
      (await resolveCredentials({ ...env, ENCLAVE_API_KEY: "enc_test_explicit" })).apiKey,
    ).toBe("enc_test_explicit");
  });
});
