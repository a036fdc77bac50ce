import { RuntimeLogLine } from "../../../worker/contracts/index.ts";
import { readSse } from "./sse.ts";
import type { Api } from "./transport.ts";

export type DeploymentLogLine = {
  at: string;
  attempt: number;
  stage: string | null;
  service: string;
  container: string;
  line: string;
};

export type ServiceLogsQuery = {
  /** At most the last this many lines. */
  tail?: number;
  /** A duration such as `30s`, `10m`, `2h`. */
  since?: string;
};

const jsonLines = <T>(text: string): T[] =>
  text
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as T);

export const deploymentLogs = async (
  api: Api,
  deploymentId: string,
  signal: AbortSignal,
): Promise<DeploymentLogLine[]> => {
  const { data } = await api.GET("/v1/deployments/{id}/logs", {
    params: { path: { id: deploymentId }, query: { format: "jsonl" } },
    parseAs: "text",
    signal,
  });
  return jsonLines<DeploymentLogLine>(data ?? "");
};

export const serviceLogs = async (
  api: Api,
  tenant: string,
  service: string,
  query: ServiceLogsQuery,
  signal: AbortSignal,
): Promise<RuntimeLogLine[]> => {
  const { data } = await api.GET("/v1/tenants/{id}/services/{name}/logs", {
    params: { path: { id: tenant, name: service }, query: { ...query, format: "jsonl" } },
    parseAs: "text",
    signal,
  });
  return jsonLines<RuntimeLogLine>(data ?? "");
};

/**
 * A service's lines as they are written, until `signal` aborts or every pod's log ends (the
 * server's `end` event). A message that is not a log line is skipped.
 */
export async function* followServiceLogs(
  api: Api,
  tenant: string,
  service: string,
  query: ServiceLogsQuery,
  signal: AbortSignal,
): AsyncGenerator<RuntimeLogLine> {
  const { data: body } = await api.GET("/v1/tenants/{id}/services/{name}/logs", {
    params: { path: { id: tenant, name: service }, query: { ...query, follow: "true" } },
    headers: { accept: "text/event-stream, application/problem+json" },
    parseAs: "stream",
    signal,
  });
  if (!body) return;
  for await (const message of readSse(body as unknown as AsyncIterable<Uint8Array>)) {
    if (message.event === "end") return;
    if (message.event !== "message") continue;
    const parsed = RuntimeLogLine.safeParse(JSON.parse(message.data));
    if (parsed.success) yield parsed.data;
  }
}
