import { vi } from "vitest";

export interface RunnerCall {
  url: string;
  authorization: string | null;
  body: unknown;
}

/**
 * Stands in for the runner at RUNNER_URL: every outbound fetch is answered by `respond`
 * (a status, a whole response, or an Error to simulate an unreachable runner) and recorded.
 */
export function mockRunner(respond: (call: RunnerCall) => number | Response | Error): RunnerCall[] {
  const calls: RunnerCall[] = [];
  vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const request = new Request(input, init);
    const call: RunnerCall = {
      url: request.url,
      authorization: request.headers.get("authorization"),
      body: await request.json(),
    };
    calls.push(call);
    const answer = respond(call);
    if (answer instanceof Error) throw answer;
    return answer instanceof Response ? answer : new Response(null, { status: answer });
  });
  return calls;
}
