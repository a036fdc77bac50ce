import { RuntimeLogLine, tenantNamespaceName } from "../contracts/index.ts";
import type { Env } from "../env.ts";
import { ApiError } from "../errors/api-error.ts";
import { signLogsToken } from "../tokens/logs-token.ts";

/** How long the runner may take to answer a request for lines that exist already. */
const READ_TIMEOUT_MS = 15_000;

export interface RuntimeLogsRequest {
  tenantId: string;
  service: string;
  tail?: number | undefined;
  sinceSeconds?: number | undefined;
  follow: boolean;
}

/** Seconds in a Go-style duration (`1h30m`, `10m`, `45s`), as the route accepts it. */
export function durationSeconds(duration: string): number {
  const [, h = "0", m = "0", s = "0"] = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(duration) ?? [];
  return Number(h) * 3600 + Number(m) * 60 + Number(s);
}

/**
 * Asks the runner for a service's pod logs, with a logs token naming the tenant's namespace
 * and the service. Without `follow`, the lines the pods have; with it, the runner's event
 * stream, handed on as it arrives (the client leaving cancels it, which ends the runner's reads).
 */
export async function fetchRuntimeLogs(
  env: Env,
  request: RuntimeLogsRequest,
  signal: AbortSignal,
): Promise<Response> {
  const token = await signLogsToken(env.JOB_TOKEN_SECRET, {
    tenantId: request.tenantId,
    namespace: tenantNamespaceName(request.tenantId),
    service: request.service,
  });
  const url = new URL("/v1/logs", env.RUNNER_URL);
  if (request.tail !== undefined) url.searchParams.set("tail", String(request.tail));
  if (request.sinceSeconds !== undefined)
    url.searchParams.set("sinceSeconds", String(request.sinceSeconds));
  if (request.follow) url.searchParams.set("follow", "true");
  let res: Response;
  try {
    res = await fetch(url, {
      headers: { authorization: `Bearer ${token}` },
      signal: request.follow
        ? signal
        : AbortSignal.any([signal, AbortSignal.timeout(READ_TIMEOUT_MS)]),
    });
  } catch {
    throw new ApiError("runner_unavailable", "The runner did not answer; try again shortly");
  }
  if (!res.ok) {
    await res.body?.cancel();
    console.error(JSON.stringify({ msg: "runner refused a logs request", status: res.status }));
    throw new ApiError("runner_unavailable", `The runner answered ${res.status}`);
  }
  return res;
}

/** The runner's JSON lines, parsed; a line that is not one is dropped rather than shown raw. */
export async function runtimeLogLines(res: Response): Promise<RuntimeLogLine[]> {
  return (await res.text())
    .split("\n")
    .filter(Boolean)
    .flatMap((text) => {
      try {
        const parsed = RuntimeLogLine.safeParse(JSON.parse(text));
        return parsed.success ? [parsed.data] : [];
      } catch {
        return [];
      }
    });
}

export const runtimeLogText = (line: RuntimeLogLine): string => `[${line.pod}] ${line.line}`;
