import type { AgentOptions } from "node:https";
import { type Cluster, type ConnectOptions, KubeConfig } from "@kubernetes/client-node";
import { Agent, type Dispatcher } from "undici";

/** The (private) method of client-node's KubeConfig that makes each request's dispatcher. */
interface DispatcherFactory {
  createDispatcher(cluster: Cluster | null, agentOptions: AgentOptions): Dispatcher | undefined;
}

const clientNode = KubeConfig.prototype as unknown as Partial<DispatcherFactory>;

const sameValue = (a: unknown, b: unknown) =>
  Buffer.isBuffer(a) && Buffer.isBuffer(b) ? a.equals(b) : a === b;

function sameOptions(a: ConnectOptions, b: ConnectOptions): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)] as (keyof ConnectOptions)[]);
  for (const key of keys) if (!sameValue(a[key], b[key])) return false;
  return true;
}

/**
 * client-node (2.0) gives every request it authenticates an undici Agent of its own, so no
 * two requests share a connection: each one opens a TLS connection (a handshake, and a TLS
 * context that parses the CA again), which then idles in an Agent nobody uses again until the
 * server's keep-alive ends it. A burst of tenants kept hundreds open at once: most of the
 * runner's memory beyond its code, and much of its CPU time.
 *
 * From here on the requests `config` authenticates share one Agent, built from the connection
 * options client-node would build its own from. Options that change (a rotated certificate, a
 * new exec credential) get a new Agent, and the old one closes once its requests are done. A
 * cluster behind a proxy keeps client-node's own dispatchers. client-node makes them in a
 * private method, which is replaced on `config` itself; should an upgrade move it, this throws
 * rather than quietly opening a connection per request again.
 */
export function shareConnections(config: KubeConfig): void {
  if (Object.hasOwn(config, "createDispatcher")) return;
  const perRequest = clientNode.createDispatcher;
  if (typeof perRequest !== "function") {
    throw new Error("client-node no longer makes its dispatchers in KubeConfig.createDispatcher");
  }
  let shared: { connect: ConnectOptions; agent: Agent } | undefined;
  const factory: DispatcherFactory = {
    createDispatcher(cluster, agentOptions) {
      const options = config.createDispatcherOptions(cluster, agentOptions);
      if (options.type !== "agent") return perRequest.call(config, cluster, agentOptions);
      if (shared && sameOptions(shared.connect, options.connect)) return shared.agent;
      void shared?.agent.close();
      shared = { connect: options.connect, agent: new Agent({ connect: options.connect }) };
      return shared.agent;
    },
  };
  Object.assign(config, factory);
}
