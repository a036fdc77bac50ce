import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createNamespace, eventually, type Harness, startHarness } from "./support.ts";

let h: Harness;
const seen = new Map<string, Record<string, string>>();

beforeAll(async () => {
  h = await startHarness();
  await createNamespace(h, "env");
  h.cluster.behaviours.register({ image: "env-probe" }, (pod, _container, context) => {
    seen.set(pod.metadata.name ?? "", context.env);
    return {};
  });
  await h.core.createNamespacedConfigMap({
    namespace: "env",
    body: {
      metadata: { name: "settings" },
      data: { A: "from-map", SHARED: "map", "app.mode": "x" },
    },
  });
  await h.core.createNamespacedSecret({
    namespace: "env",
    body: { metadata: { name: "credentials" }, stringData: { B: "s3cret", SHARED: "secret" } },
  });
});
afterAll(() => h.cluster.close());

describe("container environment", () => {
  it("resolves envFrom sources in order, with prefixes, under env entries", async () => {
    await h.core.createNamespacedPod({
      namespace: "env",
      body: {
        metadata: { name: "probe" },
        spec: {
          containers: [
            {
              name: "main",
              image: "env-probe",
              envFrom: [
                { configMapRef: { name: "settings" } },
                { secretRef: { name: "credentials" } },
                { secretRef: { name: "credentials" }, prefix: "DB_" },
                { configMapRef: { name: "absent", optional: true } },
              ],
              env: [
                { name: "A", value: "from-env" },
                { name: "C", valueFrom: { secretKeyRef: { name: "credentials", key: "B" } } },
              ],
            },
          ],
        },
      },
    });
    expect(await eventually(() => seen.get("probe"))).toEqual({
      A: "from-env",
      SHARED: "secret",
      "app.mode": "x",
      B: "s3cret",
      DB_B: "s3cret",
      DB_SHARED: "secret",
      C: "s3cret",
    });
  });
});
