import { env } from "cloudflare:workers";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { PROBLEM_CODES } from "../../../worker/errors/codes.ts";
import { bearer, OPERATOR_TOKEN, request } from "../harness.ts";
import { addPlans } from "../rate-limits/support.ts";
import { type Operation, operationsOf, servedDocument } from "../security/openapi-operations.ts";
import { type OrganizationWorld, organizationWorld } from "../security/organization-world.ts";
import { signRunnerToken } from "../support/runner-token.ts";
import { type FuzzRequest, requestArbitrary } from "./request-arbitrary.ts";
import type { Schema, SchemaDocument } from "./schema-arbitrary.ts";

/**
 * Generated requests against every operation of the served OpenAPI document: none may answer
 * 5xx, and every error is problem+json whose status is the response's. `FUZZ_SEED` replays a
 * run and `FUZZ_RUNS` sets the cases per operation; both are printed, and a failure names the
 * case and the request.
 */
/** `npm test` replays the same cases each run; `npm run fuzz` draws a new seed each time. */
const DEFAULT_SEED = 20261204;
const seed = env.FUZZ_SEED ? Number(env.FUZZ_SEED) : DEFAULT_SEED;
const runs = env.FUZZ_RUNS ? Number(env.FUZZ_RUNS) : 200;

const document = (await servedDocument()) as unknown as SchemaDocument & {
  paths: Record<
    string,
    Record<string, { requestBody?: { content: Record<string, { schema: Schema }> } }>
  >;
};
const operations = operationsOf(document as never)
  .filter((operation) => !operation.upgrades)
  // Deletions and operator changes last, so the other operations meet the objects alive.
  .sort((a, b) => weight(a) - weight(b));

function weight(operation: Operation): number {
  if (operation.requirement.scheme === "operator") return 2;
  return operation.method === "DELETE" ? 1 : 0;
}

const codes = new Set<string>(PROBLEM_CODES);

/** Why an answer breaks the contract, or null when it keeps it. */
async function violation(res: Response): Promise<string | null> {
  const type = res.headers.get("content-type") ?? "";
  if (res.status < 400) {
    await res.body?.cancel();
    res.webSocket?.accept();
    res.webSocket?.close(1000);
    return null;
  }
  if (!type.startsWith("application/problem+json")) {
    return `${res.status} with content-type "${type}": ${(await res.text()).slice(0, 200)}`;
  }
  const problem = (await res.json()) as Record<string, unknown>;
  if (problem.status !== res.status) return `problem.status ${problem.status} on a ${res.status}`;
  if (typeof problem.title !== "string" || typeof problem.type !== "string") {
    return `problem without type or title: ${JSON.stringify(problem)}`;
  }
  if (!codes.has(String(problem.code))) return `unknown problem code ${problem.code}`;
  // The runner is not running in these tests: operations that ask it say so, as documented.
  if (res.status === 503 && problem.code === "runner_unavailable") return null;
  if (res.status >= 500) return `${res.status}: ${JSON.stringify(problem)}`;
  return null;
}

async function credentialOf(
  operation: Operation,
  world: OrganizationWorld,
): Promise<Record<string, string>> {
  switch (operation.requirement.scheme) {
    case "provider":
      return world.keys.admin;
    case "operator":
      return bearer(OPERATOR_TOKEN);
    case "runner":
      return bearer(
        await signRunnerToken({ deployment: world.values.ids.deployments, expiresIn: 3600 }),
      );
    default:
      return {};
  }
}

const describeRequest = (req: FuzzRequest) =>
  `${req.kind}: ${req.method} ${req.path} ${JSON.stringify(req.headers)} ${req.body?.slice(0, 500) ?? ""}`;

let world: OrganizationWorld;
beforeAll(async () => {
  // The fuzzer sends thousands of requests a minute: the organization's budget must not be
  // what answers them.
  await addPlans({ starter: { apiRateLimit: { requests: 1_000_000, windowSeconds: 1 } } });
  world = await organizationWorld();
  console.log(`API fuzzing: seed ${seed}, ${runs} cases per operation (FUZZ_SEED, FUZZ_RUNS)`);
});

/** Cases in flight at once: the Worker waits on D1 and Durable Objects, not on the CPU. */
const CONCURRENCY = 16;

describe("API fuzzing from the OpenAPI document", () => {
  it.each(operations.map((operation, index) => ({ ...operation, index })))(
    "$method $path answers no 5xx and only problem+json errors",
    async (operation) => {
      const bodySchema =
        document.paths[operation.path]?.[operation.method.toLowerCase()]?.requestBody?.content[
          "application/json"
        ]?.schema;
      const credential = await credentialOf(operation, world);
      // Sampled from the seed (plus the operation's place) and sent concurrently: the same seed
      // yields the same requests in the same order.
      const cases = fc.sample(
        requestArbitrary(operation, document, bodySchema, world.values, credential),
        { seed: seed + operation.index, numRuns: runs },
      );
      const failures: string[] = [];
      for (let start = 0; start < cases.length; start += CONCURRENCY) {
        await Promise.all(
          cases.slice(start, start + CONCURRENCY).map(async (req, offset) => {
            const res = await request(req.path, {
              method: req.method,
              headers: req.headers,
              ...(req.body === undefined ? {} : { body: req.body }),
            });
            const broken = await violation(res);
            if (broken) {
              failures.push(
                `case ${start + offset}: ${broken}\n  request: ${describeRequest(req)}`,
              );
            }
          }),
        );
        if (failures.length > 0) break;
      }
      expect(failures, `seed ${seed}, operation ${operation.index}`).toEqual([]);
    },
    600_000,
  );
});
