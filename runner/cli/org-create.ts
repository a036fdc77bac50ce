/**
 * `npm run org:create -- <name>`: creates an organization and its first admin API key through
 * the operator endpoint of a running edge Worker.
 *
 * ENCLAVE_API_URL        the Worker (default: the local stack `npm start` runs, from
 *                        .enclave/stack.json, whatever its port)
 * ENCLAVE_OPERATOR_TOKEN the operator token (default: OPERATOR_TOKEN in the repository's .dev.vars)
 */
import { DEFAULT_API_URL } from "./config.ts";
import { readLocalStack } from "./local-stack.ts";
import { devVarsOperatorToken, NO_OPERATOR_TOKEN } from "./operator-credentials.ts";

interface Created {
  organization: { id: string; name: string };
  apiKey: { id: string; key: string; scopes: string[] };
}

interface Problem {
  title?: string;
  detail?: string;
  requestId?: string;
  errors?: { path: string; message: string }[];
}

function describeProblem(status: number, body: string): string {
  let problem: Problem = {};
  try {
    problem = JSON.parse(body) as Problem;
  } catch {}
  const lines = [`The API answered ${status}: ${problem.title ?? (body.trim() || "no details")}`];
  if (problem.detail && problem.detail !== problem.title) lines.push(`  ${problem.detail}`);
  for (const error of problem.errors ?? []) lines.push(`  ${error.path}: ${error.message}`);
  if (status === 401) lines.push("  The operator token was refused: check ENCLAVE_OPERATOR_TOKEN.");
  if (problem.requestId) lines.push(`  request id: ${problem.requestId}`);
  return lines.join("\n");
}

async function main(args: string[]): Promise<number> {
  const name = args.join(" ").trim();
  if (!name) {
    console.error('Usage: npm run org:create -- "<organization name>"');
    return 2;
  }
  const stack = await readLocalStack(process.env);
  const apiUrl = (process.env.ENCLAVE_API_URL || stack?.apiUrl || DEFAULT_API_URL).replace(
    /\/+$/,
    "",
  );
  const token = process.env.ENCLAVE_OPERATOR_TOKEN || devVarsOperatorToken();
  if (!token) {
    console.error(NO_OPERATOR_TOKEN);
    return 1;
  }

  let res: Response;
  try {
    res = await fetch(`${apiUrl}/v1/admin/organizations`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ name }),
    });
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : "";
    console.error(`Cannot reach the Enclave API at ${apiUrl}${cause ? ` (${cause})` : ""}.`);
    console.error("Is the Worker running (npm start)? Set ENCLAVE_API_URL to use another one.");
    return 1;
  }
  const body = await res.text();
  if (!res.ok) {
    console.error(describeProblem(res.status, body));
    return 1;
  }
  const created = JSON.parse(body) as Created;
  console.log(`Organization  ${created.organization.id}  (${created.organization.name})`);
  console.log(`API key       ${created.apiKey.key}`);
  console.log(
    `              scopes: ${created.apiKey.scopes.join(", ")}; shown once, store it now.`,
  );
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
