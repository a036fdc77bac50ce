import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Agent, fetch as fetchWith } from "undici";
import { parse } from "yaml";
import { readSse } from "../../runner/cli/api/sse.ts";
import { type Stack, type StackOptions, startStack } from "../../runner/dev/stack.ts";
import { StreamedEvent } from "../../worker/contracts/index.ts";

/**
 * Ports below Linux's ephemeral range (32768 and up): a port the OS hands out for port 0 is
 * also what it hands to outgoing connections, so one picked that way can be taken by wrangler's
 * or the cluster's own sockets before the stack binds it.
 */
const PORT_RANGE = { from: 20_000, to: 32_000 } as const;

const bindable = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });

/** A free port outside the ephemeral range, picked at random so parallel test files differ. */
export async function freePort(): Promise<number> {
  for (let tries = 0; tries < 100; tries += 1) {
    const port = PORT_RANGE.from + Math.floor(Math.random() * (PORT_RANGE.to - PORT_RANGE.from));
    if (await bindable(port)) return port;
  }
  throw new Error(`no free port between ${PORT_RANGE.from} and ${PORT_RANGE.to}`);
}

export interface TestStack extends Stack {
  stateDir: string;
  api<T = unknown>(path: string, init?: RequestInit): Promise<{ status: number; body: T }>;
  dispose(): Promise<void>;
}

/** The whole local stack on free ports with its own state directory. */
export async function startTestStack(
  opts: Partial<Omit<StackOptions, "stateDir" | "edgePort" | "clusterPort">> = {},
): Promise<TestStack> {
  const stateDir = mkdtempSync(join(tmpdir(), "enclave-e2e-"));
  const stack = await startStack({
    stateDir,
    edgePort: await freePort(),
    runnerPort: await freePort(),
    clusterPort: await freePort(),
    ...opts,
  });
  const api = async <T>(path: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    headers.set("authorization", `Bearer ${stack.organization.apiKey}`);
    if (init.body && !headers.has("content-type")) headers.set("content-type", "application/json");
    const res = await fetch(`${stack.edgeUrl}${path}`, { ...init, headers });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
  };
  return {
    ...stack,
    stateDir,
    api,
    async dispose() {
      await stack.stop();
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

/**
 * Reads a deployment's SSE stream until it closes (after the terminal event) or `until`
 * says stop; returns the events in order. Framing is the client's standard SSE parser.
 */
export async function readEvents(
  stack: TestStack,
  deploymentId: string,
  opts: {
    lastEventId?: number;
    until?: (event: StreamedEvent) => boolean;
    timeoutMs?: number;
  } = {},
): Promise<StreamedEvent[]> {
  const headers: Record<string, string> = {
    authorization: `Bearer ${stack.organization.apiKey}`,
    accept: "text/event-stream",
  };
  if (opts.lastEventId !== undefined) headers["last-event-id"] = String(opts.lastEventId);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), opts.timeoutMs ?? 90_000);
  const res = await fetch(`${stack.edgeUrl}/v1/deployments/${deploymentId}/events`, {
    headers,
    signal: controller.signal,
  });
  if (!res.ok || !res.body) throw new Error(`events stream answered ${res.status}`);
  const events: StreamedEvent[] = [];
  try {
    for await (const message of readSse(res.body as AsyncIterable<Uint8Array>)) {
      if (message.event !== "message") continue;
      const parsed = StreamedEvent.safeParse(JSON.parse(message.data));
      if (!parsed.success) continue;
      events.push(parsed.data);
      if (opts.until?.(parsed.data)) {
        controller.abort();
        return events;
      }
    }
  } catch (err) {
    if (!controller.signal.aborted) throw err;
  } finally {
    clearTimeout(timer);
  }
  return events;
}

/**
 * Makes the embedded cluster answer the next `times` requests of a verb on a resource only
 * after `latencyMs` (its fault injection endpoint), so a test can act while the pipeline waits.
 */
export async function delayClusterRequests(
  stack: Pick<TestStack, "kubeconfig">,
  fault: { verb: string; resource: string; latencyMs: number; times: number },
): Promise<void> {
  const kubeconfig = parse(readFileSync(stack.kubeconfig, "utf8")) as {
    clusters: { cluster: { server: string; "certificate-authority-data": string } }[];
    users: { user: { token: string } }[];
  };
  const cluster = kubeconfig.clusters[0]?.cluster;
  const ca = Buffer.from(cluster?.["certificate-authority-data"] ?? "", "base64").toString();
  const dispatcher = new Agent({ connect: { ca } });
  try {
    const res = await fetchWith(`${cluster?.server}/_emulator/faults`, {
      dispatcher,
      method: "POST",
      headers: {
        authorization: `Bearer ${kubeconfig.users[0]?.user.token ?? ""}`,
        "content-type": "application/json",
      },
      body: JSON.stringify(fault),
    });
    if (res.status !== 201) throw new Error(`the cluster refused the fault: ${res.status}`);
  } finally {
    await dispatcher.close();
  }
}
