import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FakeApi } from "./fake-api.ts";
import { runCli } from "./run-cli.ts";

const plan = (name: string, overrides: Record<string, unknown> = {}) => ({
  name,
  default: false,
  quota: {
    requestsCpu: "2",
    requestsMemory: "4Gi",
    limitsCpu: "4",
    limitsMemory: "8Gi",
    requestsStorage: "20Gi",
    pods: 20,
    services: 10,
    secrets: 20,
    configMaps: 20,
    persistentVolumeClaims: 4,
  },
  limits: {
    replicas: 1,
    containerRequestCpu: "100m",
    containerRequestMemory: "128Mi",
    containerLimitCpu: "500m",
    containerLimitMemory: "512Mi",
    databaseStorage: "5Gi",
    apiRateLimit: { requests: 6000, windowSeconds: 60 },
    maxTenants: 1000,
    maxConcurrentDeployments: 100,
  },
  tier: { dedicatedNodes: false, sandboxedRuntime: false, priorityScheduling: false },
  backups: { schedule: null, retention: null },
  ...overrides,
});

let api: FakeApi;
beforeEach(async () => {
  api = await new FakeApi().start();
});
afterEach(() => api.close());

describe("enclave plans", () => {
  it("list shows each plan's limits, isolation and backups, marking the default", async () => {
    api.json("GET", "/v1/plans", 200, {
      data: [
        plan("starter", {
          default: true,
          backups: { schedule: "0 3 * * *", retention: { count: 7 } },
        }),
        plan("enterprise", {
          tier: { dedicatedNodes: true, sandboxedRuntime: true, priorityScheduling: false },
        }),
      ],
    });
    const result = await runCli(["plans", "list"], { apiUrl: api.url });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /starter \(default\)\s+4 CPU, 8Gi\s+1\s+5Gi\s+shared\s+0 3 \* \* \*, keep 7/,
    );
    expect(result.stdout).toMatch(/enterprise\s+.*dedicated nodes, sandboxed\s+none/);
    const json = await runCli(["plans", "list", "--json"], { apiUrl: api.url });
    expect(JSON.parse(json.stdout)).toHaveLength(2);
  });
});
