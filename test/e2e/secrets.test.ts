import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { CoreV1Api, KubeConfig } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, readEvents, startTestStack, type TestStack } from "./harness.ts";

/**
 * Known secret values planted in a tenant (its service's env, its shared env, the database
 * password the platform generates) go through a create, an env update and a delete of the
 * whole stack, while the test keeps every line the edge, the runner and the cluster write,
 * every job the edge hands the runner, every event stream, every Kubernetes Event and every
 * API response. None of it may hold a secret, in any encoding.
 */
describe.sequential("secrets never leak through the whole stack", () => {
  let stack: TestStack;
  let recorder: Server;
  const captured: string[] = [];
  const keep = (what: string, text: string) => captured.push(`${what}: ${text}`);

  /** Forwards the edge's calls to the runner, keeping each job message and each answer. */
  async function startRecorder(runnerPort: number): Promise<string> {
    recorder = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const body = Buffer.concat(chunks);
      keep(`edge→runner ${req.method} ${req.url}`, body.toString());
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) {
        if (typeof value === "string" && !["host", "connection"].includes(name)) {
          headers.set(name, value);
        }
      }
      try {
        const answer = await fetch(`http://127.0.0.1:${runnerPort}${req.url}`, {
          method: req.method,
          headers,
          ...(body.length > 0 ? { body } : {}),
        });
        const text = await answer.text();
        keep(`runner→edge ${req.url}`, text);
        res.writeHead(answer.status, Object.fromEntries(answer.headers));
        res.end(text);
      } catch {
        res.writeHead(502).end();
      }
    });
    await new Promise<void>((resolve) => recorder.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(recorder.address() as AddressInfo).port}`;
  }

  const api = async <T>(path: string, init: RequestInit = {}) => {
    const res = await stack.api<T>(path, init);
    keep(`${init.method ?? "GET"} ${path}`, JSON.stringify(res.body));
    return res;
  };
  const raw = async (path: string) => {
    const res = await fetch(`${stack.edgeUrl}${path}`, {
      headers: { authorization: `Bearer ${stack.organization.apiKey}` },
    });
    const text = await res.text();
    keep(`GET ${path}`, text);
    return { status: res.status, text };
  };
  const follow = async (deploymentId: string) => {
    const events = await readEvents(stack, deploymentId);
    keep(`events of ${deploymentId}`, JSON.stringify(events));
    return events.at(-1)?.type;
  };

  beforeAll(async () => {
    const runnerPort = await freePort();
    stack = await startTestStack({
      runnerPort,
      edgeRunnerUrl: await startRecorder(runnerPort),
      clusterEnv: { ENCLAVE_CLUSTER_TIMINGS: "test" },
      onOutput: (component, line) => keep(`[${component}]`, line),
    });
  });
  afterAll(async () => {
    await stack?.dispose();
    await new Promise((resolve) => recorder?.close(resolve));
  });

  it("in logs, job messages, event streams, Kubernetes Events and API responses", async () => {
    const planted = {
      serviceEnv: `svc-${randomBytes(12).toString("hex")}`,
      sharedEnv: `shared-${randomBytes(12).toString("hex")}`,
      updatedEnv: `updated-${randomBytes(12).toString("hex")}`,
    };
    const created = await api<{ tenant: { id: string }; deployment: { id: string } }>(
      "/v1/tenants",
      {
        method: "POST",
        body: JSON.stringify({
          name: "Leak check",
          slug: "leak-check",
          services: [
            {
              name: "web",
              source: { type: "image", image: "ghcr.io/enclave/sample:1.0.0" },
              port: 3000,
              healthPath: "/healthz",
              env: { API_TOKEN: planted.serviceEnv },
            },
          ],
          database: { engine: "postgres" },
        }),
      },
    );
    expect(created.status).toBe(202);
    const id = created.body.tenant.id;
    expect(await follow(created.body.deployment.id)).toBe("deployment.ready");

    const shared = await api<{ deployment?: { id: string } }>(`/v1/tenants/${id}/env`, {
      method: "PUT",
      body: JSON.stringify({ SHARED_SECRET: planted.sharedEnv }),
    });
    expect(shared.status).toBeLessThan(300);
    if (shared.body.deployment)
      expect(await follow(shared.body.deployment.id)).toBe("deployment.ready");
    const updated = await api<{ deployment?: { id: string } }>(
      `/v1/tenants/${id}/services/web/env`,
      {
        method: "PATCH",
        body: JSON.stringify({ API_TOKEN: planted.updatedEnv }),
      },
    );
    expect(updated.status).toBeLessThan(300);
    if (updated.body.deployment) {
      expect(await follow(updated.body.deployment.id)).toBe("deployment.ready");
    }

    // The database password the platform generated: read where it legitimately lives.
    const config = new KubeConfig();
    config.loadFromFile(stack.kubeconfig);
    const core = config.makeApiClient(CoreV1Api);
    const namespace = `enclave-${id.replace("_", "-")}`;
    const credentials = await core.readNamespacedSecret({
      name: "database-credentials",
      namespace,
    });
    const password = Object.entries(credentials.data ?? {})
      .filter(([key]) => key.endsWith("PASSWORD"))
      .map(([, value]) => Buffer.from(value, "base64").toString())[0];
    expect(password, "the database credentials hold a password").toBeTruthy();

    // Everything a provider reads about the tenant.
    await api(`/v1/tenants/${id}`);
    await api(`/v1/tenants/${id}/env`);
    await api(`/v1/tenants/${id}/services/web/env`);
    const deployments = await api<{ data: { id: string }[] }>(`/v1/tenants/${id}/deployments`);
    for (const deployment of deployments.body.data) {
      await api(`/v1/deployments/${deployment.id}`);
      await raw(`/v1/deployments/${deployment.id}/logs`);
    }
    await raw(`/v1/tenants/${id}/services/web/logs?tail=200`);
    await api("/v1/audit");
    keep("kubernetes events", JSON.stringify(await core.listEventForAllNamespaces()));

    const deleted = await api<{ deployment: { id: string } }>(`/v1/tenants/${id}`, {
      method: "DELETE",
    });
    expect(await follow(deleted.body.deployment.id)).toBe("deployment.deleted");
    keep("kubernetes events", JSON.stringify(await core.listEventForAllNamespaces()));

    const corpus = captured.join("\n");
    // The capture saw the work: jobs were handed over, the names of the variables were listed.
    expect(captured.filter((entry) => entry.startsWith("edge→runner POST /v1/jobs")).length).toBe(
      deployments.body.data.length + 1,
    );
    expect(corpus).toContain("SHARED_SECRET");
    expect(corpus).toContain("[runner]");
    expect(corpus).toContain("[edge]");

    const secrets = [...Object.values(planted), password ?? ""];
    for (const secret of secrets) {
      for (const form of [
        secret,
        Buffer.from(secret).toString("base64"),
        Buffer.from(secret).toString("base64url"),
        encodeURIComponent(secret),
      ]) {
        const at = corpus.indexOf(form);
        expect(at === -1 ? null : corpus.slice(Math.max(0, at - 200), at + 100)).toBeNull();
      }
    }
  });
});
