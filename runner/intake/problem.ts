import type { Context } from "hono";
import { PROBLEMS, type ProblemCode, problemTypeUri } from "../../worker/errors/codes.ts";

export type IntakeEnv = { Variables: { requestId: string } };

/**
 * An RFC 9457 problem answer in the Worker's shape and from its closed set of codes, so the
 * edge (and an operator's tooling) reads the runner's refusals the same way as the API's.
 */
export function problem(c: Context<IntakeEnv>, code: ProblemCode, detail?: string): Response {
  const { status, title } = PROBLEMS[code];
  const body = {
    type: problemTypeUri(code),
    title,
    status,
    code,
    detail: detail ?? title,
    instance: new URL(c.req.url).pathname,
    requestId: c.get("requestId") ?? "",
  };
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/problem+json" },
  });
}
