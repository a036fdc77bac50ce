import { describe, expect, it } from "vitest";
import { ConfigError, configFromEnv } from "../../runner/config/env.ts";

const secrets = {
  JOB_TOKEN_SECRET: "j".repeat(32),
  RUNNER_TOKEN_SECRET: "r".repeat(32),
};

describe("configFromEnv", () => {
  it("applies the documented defaults", () => {
    const config = configFromEnv(secrets);
    expect(config).toMatchObject({
      port: 8790,
      host: "127.0.0.1",
      edgeUrl: "http://127.0.0.1:8787",
      mode: "local",
    });
    expect(config.kubeconfig).toBeUndefined();
  });

  it("reads every variable", () => {
    const config = configFromEnv({
      ...secrets,
      RUNNER_PORT: "9000",
      RUNNER_CONCURRENCY: "8",
      KUBECONFIG: "/tmp/kc",
      ENCLAVE_MODE: "live",
    });
    expect(config).toMatchObject({
      port: 9000,
      concurrency: 8,
      kubeconfig: "/tmp/kc",
      mode: "live",
    });
  });

  it("names each bad variable without echoing secret values", () => {
    const attempt = () =>
      configFromEnv({ JOB_TOKEN_SECRET: "short-secret", RUNNER_PORT: "http", ENCLAVE_MODE: "x" });
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toContain("JOB_TOKEN_SECRET");
      expect(message).toContain("RUNNER_TOKEN_SECRET");
      expect(message).toContain("RUNNER_PORT");
      expect(message).toContain("ENCLAVE_MODE");
      expect(message).not.toContain("short-secret");
    }
  });
});
