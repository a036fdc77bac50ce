import { describe, expect, it } from "vitest";
import { welcomeLines } from "../../runner/dev/welcome.ts";

const stack = {
  edgeUrl: "http://127.0.0.1:8787",
  apiKey: "enc_test_abc_def",
  kubeconfig: "/src/enclave/.enclave/kubeconfig.yaml",
  repoRoot: "/src/enclave",
};

describe("what npm start prints", () => {
  it("names .enclave/ and the plain CLI for the default state folder", () => {
    const lines = welcomeLines({ ...stack, stateDir: "/src/enclave/.enclave" });
    expect(lines.at(-1)).toBe("Ctrl-C stops everything; state is kept in .enclave/.");
    expect(lines).toContain(
      "  npx enclave tenants create --name Acme --slug acme --git ./test/fixtures/sample-app --port 3000 --health-path /healthz --database postgres --wait",
    );
  });

  it("names the folder ENCLAVE_STATE_DIR chose, and the CLI is told where it is", () => {
    const lines = welcomeLines({ ...stack, stateDir: "/tmp/enclave-state" });
    expect(lines.at(-1)).toBe("Ctrl-C stops everything; state is kept in /tmp/enclave-state.");
    expect(
      lines.some((line) =>
        line.includes("ENCLAVE_STATE_DIR=/tmp/enclave-state npx enclave tenants create"),
      ),
    ).toBe(true);
  });
});
