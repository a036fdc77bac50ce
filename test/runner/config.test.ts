import { describe, expect, it } from "vitest";
import { ConfigError, configFromEnv } from "../../runner/config/env.ts";
import { registryCredentials } from "../../runner/registry/auth.ts";

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
      detectionConcurrency: 2,
    });
    expect(config.kubeconfig).toBeUndefined();
  });

  it("reads every variable", () => {
    const config = configFromEnv({
      ...secrets,
      RUNNER_PORT: "9000",
      RUNNER_CONCURRENCY: "8",
      RUNNER_DETECTION_CONCURRENCY: "3",
      KUBECONFIG: "/tmp/kc",
      ENCLAVE_MODE: "live",
    });
    expect(config).toMatchObject({
      port: 9000,
      concurrency: 8,
      detectionConcurrency: 3,
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

  it("reads the registry's credentials, and refuses half of a pair without echoing it", () => {
    expect(
      registryCredentials(
        configFromEnv({ ...secrets, REGISTRY_USERNAME: "enclave", REGISTRY_PASSWORD: "pw-1" }),
      ),
    ).toEqual({ kind: "basic", username: "enclave", password: "pw-1" });
    expect(registryCredentials(configFromEnv({ ...secrets, REGISTRY_TOKEN: "tok-1" }))).toEqual({
      kind: "bearer",
      token: "tok-1",
    });
    expect(registryCredentials(configFromEnv(secrets))).toBeUndefined();
    const half = () => configFromEnv({ ...secrets, REGISTRY_USERNAME: "enclave-user" });
    expect(half).toThrow(
      /REGISTRY_PASSWORD: REGISTRY_USERNAME and REGISTRY_PASSWORD are set together/,
    );
    const both = () =>
      configFromEnv({
        ...secrets,
        REGISTRY_TOKEN: "tok-2",
        REGISTRY_USERNAME: "u",
        REGISTRY_PASSWORD: "pw-2",
      });
    expect(both).toThrow(/REGISTRY_TOKEN: set REGISTRY_TOKEN or/);
    expect(both).not.toThrow(/tok-2|pw-2/);
  });
});
