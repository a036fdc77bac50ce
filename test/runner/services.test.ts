import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tenantNamespace } from "../../runner/manifests/labels.ts";
import { deploymentSpec, service } from "./support/fixtures.ts";
import { Harness } from "./support/harness.ts";

const ENV_ECHO = "ghcr.io/acme/env-echo";

describe("several services and a database", () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await Harness.start();
    // A test app that answers with the platform variables it was started with.
    harness.cluster.behaviours.register({ image: ENV_ECHO }, (_pod, _container, context) => ({
      http: () => ({
        status: 200,
        body: JSON.stringify(
          Object.fromEntries(
            Object.entries(context.env).filter(
              ([name]) =>
                name.startsWith("ENCLAVE_SERVICE_") || name === "DATABASE_URL" || name === "PORT",
            ),
          ),
        ),
      }),
    }));
  });
  afterAll(() => harness.close());

  it("injects each service's in-cluster URL into the others, and DATABASE_URL into all", async () => {
    const image = { type: "image" as const, image: `${ENV_ECHO}:1.0.0` };
    const spec = deploymentSpec({
      services: [
        service({ name: "web", source: image, port: 3000 }),
        service({ name: "api", source: image, port: 8080 }),
      ],
    });
    const { terminal } = await harness.run(spec);
    expect(terminal?.type, terminal?.message).toBe("deployment.ready");
    const namespace = tenantNamespace(spec);
    const web = JSON.parse(await harness.kube.proxyGet(namespace, "web", 3000, "/env"));
    const api = JSON.parse(await harness.kube.proxyGet(namespace, "api", 8080, "/env"));
    expect(web.ENCLAVE_SERVICE_API_URL).toBe(`http://api.${namespace}.svc.cluster.local:8080`);
    expect(web.ENCLAVE_SERVICE_WEB_URL).toBeUndefined();
    expect(api.ENCLAVE_SERVICE_WEB_URL).toBe(`http://web.${namespace}.svc.cluster.local:3000`);
    expect(web.PORT).toBe("3000");
    for (const env of [web, api]) {
      expect(env.DATABASE_URL).toMatch(
        new RegExp(
          `^postgres://app:[a-f0-9]{48}@database\\.${namespace}\\.svc\\.cluster\\.local:5432/app$`,
        ),
      );
    }
    expect(web.DATABASE_URL).toBe(api.DATABASE_URL);
  });
});
