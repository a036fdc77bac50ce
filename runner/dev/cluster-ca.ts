import { existsSync, readFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { parse } from "yaml";

/** The CA of the cluster's kubeconfig, once the cluster has written it. */
export async function clusterCa(
  kubeconfig: string,
  opts: { timeoutMs: number; signal?: AbortSignal | undefined },
): Promise<string> {
  const deadline = Date.now() + opts.timeoutMs;
  while (!existsSync(kubeconfig)) {
    opts.signal?.throwIfAborted();
    if (Date.now() > deadline) throw new Error(`the embedded cluster wrote no ${kubeconfig}`);
    await sleep(100);
  }
  const config = parse(readFileSync(kubeconfig, "utf8")) as {
    clusters?: { cluster?: Record<string, string> }[];
  };
  const data = config.clusters?.[0]?.cluster?.["certificate-authority-data"];
  if (!data) throw new Error(`${kubeconfig} has no certificate authority`);
  return Buffer.from(data, "base64").toString();
}
