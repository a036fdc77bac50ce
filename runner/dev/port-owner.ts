import { execFile } from "node:child_process";
import { createServer } from "node:net";
import { promisify } from "node:util";

const run = promisify(execFile);

/** Whether nothing listens on `host:port` (tried by listening on it, then letting go). */
export function portIsFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** Who listens on a TCP port, as `pid 123 (node runner/dev/cluster.ts)`, when the system says. */
export async function describePortOwner(port: number): Promise<string> {
  try {
    const { stdout } = await run("lsof", ["-nP", `-iTCP:${port}`, "-sTCP:LISTEN", "-Fp"]);
    const pid = /^p(\d+)$/m.exec(stdout)?.[1];
    if (!pid) return "another program";
    const { stdout: command } = await run("ps", ["-o", "args=", "-p", pid]);
    return `pid ${pid} (${command.trim()})`;
  } catch {
    return "another program";
  }
}

/**
 * Refuses to start when a port the stack needs is taken: the stack never attaches to a
 * component it did not start (a cluster left over from another start would serve stale
 * state), and it names what holds the port so it can be stopped.
 */
export async function claimPorts(
  host: string,
  ports: { component: string; port: number; variable: string }[],
): Promise<void> {
  const taken: string[] = [];
  for (const { component, port, variable } of ports) {
    if (await portIsFree(host, port)) continue;
    taken.push(
      `port ${port} (${component}) is taken by ${await describePortOwner(port)}; stop it or set ${variable}`,
    );
  }
  if (taken.length) throw new Error(taken.join("; "));
}
