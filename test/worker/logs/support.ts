import { vi } from "vitest";

export interface LogsCall {
  url: URL;
  authorization: string | null;
  signal: AbortSignal | null;
}

/**
 * Stands in for the runner's GET /v1/logs: `respond` answers each call (an Error for an
 * unreachable runner), and every call is recorded with its token and signal.
 */
export function mockRunnerLogs(respond: (call: LogsCall) => Response | Error): LogsCall[] {
  const calls: LogsCall[] = [];
  vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const request = new Request(input, init);
    const call = {
      url: new URL(request.url),
      authorization: request.headers.get("authorization"),
      signal: init?.signal ?? null,
    };
    calls.push(call);
    const answer = respond(call);
    if (answer instanceof Error) throw answer;
    return answer;
  });
  return calls;
}

export const ndjson = (lines: unknown[]) =>
  new Response(lines.map((line) => `${JSON.stringify(line)}\n`).join(""), {
    headers: { "content-type": "application/x-ndjson" },
  });
