import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { EmbeddedCluster } from "../../runner/cluster/index.ts";
import { silentLogger } from "../../runner/log/logger.ts";
import { type RunningRunner, startRunner } from "../../runner/main.ts";
import type { JobMessage } from "../../worker/contracts/index.ts";
import type { FakeEdge } from "./support/fake-edge.ts";
import { deploymentSpec, jobFor, service } from "./support/fixtures.ts";
import { gitRepository } from "./support/git-repo.ts";
import { type RunnerStack, startRunnerStack } from "./support/harness.ts";

const JOB_SECRET = "runner-test-job-secret-0123456789abcdef";
const RUNNER_SECRET = "runner-test-runner-secret-0123456789abc";

describe("the runner service", () => {
  let stack: RunnerStack;
  let cluster: EmbeddedCluster;
  let edge: FakeEdge;
  let runner: RunningRunner;
  beforeAll(async () => {
    stack = await startRunnerStack({ job: JOB_SECRET, runner: RUNNER_SECRET });
    ({ cluster, edge, runner } = stack);
  });
  afterAll(() => stack.close());
  const submit = (job: JobMessage) => stack.submit(job);

  it("takes a Node.js repository from job to ready: detected, generated, built, deployed", async () => {
    const url = await gitRepository({
      "package.json": JSON.stringify({
        name: "shop",
        scripts: { start: "node server.js" },
        dependencies: { express: "4.21.0" },
      }),
      "server.js":
        "require('express')().get('/healthz', (_, res) => res.send('ok')).listen(3000);\n",
    });
    const spec = deploymentSpec({
      services: [service({ source: { type: "git", url, ref: "main", path: "." } })],
    });
    edge.specs.set(spec.deployment.id, spec);
    expect((await submit(jobFor(spec))).status).toBe(202);
    const terminal = await edge.terminal(spec.deployment.id);
    expect(terminal.type, terminal.message).toBe("deployment.ready");
    const events = edge.eventsOf(spec.deployment.id);
    const detect = events.find((e) => e.stage === "detect" && e.type === "stage.completed");
    expect(JSON.stringify(detect?.data)).toContain("express");
    const generate = events.find((e) => e.stage === "generate" && e.type === "stage.completed");
    expect(generate?.data).toMatchObject({ templates: { web: expect.any(String) } });
    expect(events.map((e) => e.seq)).toEqual([...events.keys()]);
  });

  it.each([
    [
      "its own Dockerfile",
      { Dockerfile: "FROM busybox\nEXPOSE 3000\nCMD httpd -f -p 3000\n" },
      null,
    ],
    [
      "a Python app",
      {
        "requirements.txt": "flask==3.0.0\n",
        "app.py": "from flask import Flask\napp = Flask(__name__)\n",
      },
      "python",
    ],
  ])("builds a repository with %s", async (_, files, language) => {
    const url = await gitRepository(files);
    const spec = deploymentSpec({
      database: null,
      services: [service({ source: { type: "git", url, ref: "main", path: "." } })],
    });
    edge.specs.set(spec.deployment.id, spec);
    await submit(jobFor(spec));
    const terminal = await edge.terminal(spec.deployment.id);
    expect(terminal.type, terminal.message).toBe("deployment.ready");
    const generate = edge
      .eventsOf(spec.deployment.id)
      .find((e) => e.stage === "generate" && e.type === "stage.completed");
    if (language === null) {
      expect(generate?.message).toBe("every repository has its own Dockerfile");
    } else {
      const detect = edge
        .eventsOf(spec.deployment.id)
        .find((e) => e.stage === "detect" && e.type === "stage.completed");
      expect(JSON.stringify(detect?.data)).toContain(language);
      expect(generate?.data).toMatchObject({ templates: { web: expect.any(String) } });
    }
  });

  it("fails a deployment whose repository cannot be read, saying so", async () => {
    const spec = deploymentSpec({
      database: null,
      services: [
        service({
          source: { type: "git", url: "file:///nonexistent/repo.git", ref: "main", path: "." },
        }),
      ],
    });
    edge.specs.set(spec.deployment.id, spec);
    await submit(jobFor(spec));
    const terminal = await edge.terminal(spec.deployment.id);
    expect(terminal.type).toBe("deployment.failed");
    expect(terminal.message).toContain("The folder /nonexistent/repo.git does not exist");
  });

  it("drops a job whose attempt another replica runs, without running it, and counts it", async () => {
    const metric = /enclave_runner_jobs_total\{type="provision",outcome="duplicate"\} (\d+)/;
    const duplicates = async () =>
      Number(metric.exec(await (await fetch(`${runner.url}/metrics`)).text())?.[1] ?? 0);
    const before = await duplicates();
    const spec = deploymentSpec();
    edge.specs.set(spec.deployment.id, spec);
    edge.claimAs(spec.deployment.id, 1, "other-replica");

    expect((await submit(jobFor(spec))).status).toBe(202);
    await vi.waitFor(async () => expect(await duplicates()).toBe(before + 1));
    expect(edge.eventsOf(spec.deployment.id)).toEqual([]);
    expect(edge.claims.get(`${spec.deployment.id}#1`)?.runnerId).toBe("other-replica");
  });

  it("stops a job whose attempt another runner took over, sending nothing more", async () => {
    const metric = /enclave_runner_jobs_total\{type="provision",outcome="superseded"\} (\d+)/;
    const superseded = async () =>
      Number(metric.exec(await (await fetch(`${runner.url}/metrics`)).text())?.[1] ?? 0);
    const before = await superseded();
    const spec = deploymentSpec({ database: null });
    const id = spec.deployment.id;
    edge.specs.set(id, spec);
    // Holds the Deployment apply long enough for the takeover to happen mid-job.
    const release = cluster.faults.add({
      verb: "patch",
      resource: "deployments",
      latencyMs: 1_500,
      times: 1,
    });
    try {
      expect((await submit(jobFor(spec))).status).toBe(202);
      await vi.waitFor(() => expect(edge.eventsOf(id, 1).length).toBeGreaterThan(0));
      edge.claimAs(id, 1, "other-replica");
      await vi.waitFor(async () => expect(await superseded()).toBe(before + 1), {
        timeout: 10_000,
      });
    } finally {
      release();
    }
    expect(edge.eventsOf(id, 1).some((e) => e.type === "deployment.ready")).toBe(false);
  });

  it("takes over an attempt whose holder went silent and numbers its events after the holder's", async () => {
    const spec = deploymentSpec({ database: null });
    const id = spec.deployment.id;
    edge.specs.set(id, spec);
    edge.leaseMs = 60_000;
    edge.claimAs(id, 1, "dead-replica", Date.now() - 120_000);
    const earlier = ["stage.started", "stage.log", "stage.log"] as const;
    edge.events.push(
      ...earlier.map((type, seq) => ({
        deploymentId: id,
        attempt: 1,
        seq,
        stage: "namespace" as const,
        type,
        message: "from the replica that died",
        at: new Date().toISOString(),
      })),
    );
    try {
      expect((await submit(jobFor(spec))).status).toBe(202);
      const terminal = await edge.terminal(id);
      expect(terminal.type, terminal.message).toBe("deployment.ready");
    } finally {
      edge.leaseMs = Number.POSITIVE_INFINITY;
    }
    const seqs = edge.eventsOf(id, 1).map((e) => e.seq);
    expect(seqs).toEqual([...seqs.keys()]);
    expect(edge.eventsOf(id, 1).at(-1)?.type).toBe("deployment.ready");
    expect(edge.claims.get(`${id}#1`)?.runnerId).not.toBe("dead-replica");
  });

  it("counts jobs by outcome, stage durations, Kubernetes requests and the process's own health", async () => {
    const text = await (await fetch(`${runner.url}/metrics`)).text();
    expect(text).toMatch(/enclave_runner_jobs_total\{type="provision",outcome="ready"\} \d+/);
    expect(text).toMatch(/enclave_runner_jobs_total\{type="provision",outcome="failed"\} \d+/);
    expect(text).toMatch(
      /enclave_runner_stage_duration_seconds_count\{stage="build",outcome="completed"\} \d+/,
    );
    expect(text).toMatch(/enclave_runner_kubernetes_requests_total\{verb="apply"\} \d+/);
    expect(text).toMatch(/^process_resident_memory_bytes \d+/m);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds [\d.e-]+/m);
  });
});

describe("the runner without a kubeconfig", () => {
  it("starts the embedded cluster in-process and writes its kubeconfig", async () => {
    const dir = await mkdtemp(join(tmpdir(), "enclave-runner-"));
    const kubeconfigOutPath = join(dir, "kubeconfig.yaml");
    const runner = await startRunner(
      {
        port: 0,
        jobTokenSecret: JOB_SECRET,
        runnerTokenSecret: RUNNER_SECRET,
        kubeconfigOutPath,
        clusterStatePath: join(dir, "cluster.json"),
      },
      { logger: silentLogger },
    );
    try {
      expect(runner.kubeconfigPath).toBe(kubeconfigOutPath);
      expect(await readFile(kubeconfigOutPath, "utf8")).toContain("server: http://127.0.0.1:");
      expect((await fetch(`${runner.url}/healthz`)).status).toBe(200);
    } finally {
      await runner.close();
    }
  });
});

describe("the runner in live mode", () => {
  it("refuses to fall back to the embedded cluster", async () => {
    await expect(
      startRunner(
        { port: 0, mode: "live", jobTokenSecret: JOB_SECRET, runnerTokenSecret: RUNNER_SECRET },
        { logger: silentLogger },
      ),
    ).rejects.toThrow("ENCLAVE_MODE=live needs a real cluster");
  });
});
