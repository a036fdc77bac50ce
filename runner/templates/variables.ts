import type { DetectionResult } from "../../worker/contracts/detection.ts";
import { DetectionError } from "../detect/errors.ts";

const NODE_INSTALL: Record<string, string> = {
  npm: "if [ -f package-lock.json ] || [ -f npm-shrinkwrap.json ]; then npm ci; else npm install; fi",
  pnpm: "corepack enable && if [ -f pnpm-lock.yaml ]; then pnpm install --frozen-lockfile; else pnpm install; fi",
  yarn: "corepack enable && yarn install --frozen-lockfile",
  bun: "npm install -g bun@1 && if [ -f bun.lock ] || [ -f bun.lockb ]; then bun install --frozen-lockfile; else bun install; fi",
};

const NODE_PRUNE: Record<string, string> = {
  npm: "npm prune --omit=dev",
  pnpm: "pnpm prune --prod",
};

const PYTHON_INSTALL: Record<string, string> = {
  pip: "pip install -r requirements.txt",
  uv: "pip install uv && UV_PROJECT_ENVIRONMENT=/opt/venv uv sync --frozen --no-dev --no-install-project",
  poetry:
    "pip install poetry && POETRY_VIRTUALENVS_CREATE=false poetry install --no-root --only main",
  pdm: "pip install pdm && pdm export --prod --without-hashes -o /tmp/requirements.txt && pip install -r /tmp/requirements.txt",
  pipenv:
    "pip install pipenv && pipenv requirements > /tmp/requirements.txt && pip install -r /tmp/requirements.txt",
};

/** Servers the generated image installs when the start command needs them. */
const PYTHON_SERVERS = new Set(["gunicorn", "uvicorn", "waitress-serve", "hypercorn"]);

/** Words that need no shell; anything else runs through `sh -c`. */
const PLAIN_WORDS = /^[\w./:=@,+-]+( [\w./:=@,+-]+)*$/;

/**
 * The values every template may use, derived from the detection result. Commands become
 * JSON exec form, so quoting in a command can never break out of its instruction.
 */
export function templateVariables(result: DetectionResult): Record<string, string> {
  const manager = result.packageManager?.value ?? "";
  const start = result.startCommand?.value;
  if (!start && !isStaticTemplate(result.template)) {
    throw new DetectionError(
      "unknown_stack",
      "Enclave could not tell how to start this app. Add a start script to package.json, a Procfile with a `web:` line, or a Dockerfile.",
    );
  }
  // The runtime image always has npm, which runs package.json scripts whatever manager installed.
  const runtimeStart = (start ?? "").replace(
    /(^|&& )(pnpm|yarn|bun) run /,
    (match, before: string) => (result.template === "bun" ? match : `${before}npm run `),
  );
  const firstWord = runtimeStart.split(" ")[0] ?? "";
  const pipFromPyproject =
    manager === "pip" && result.packageManager?.evidence[0]?.file.endsWith("pyproject.toml");
  return {
    packageManager: manager,
    // A workspace installs from every member's manifest, so its sources come in first.
    workspace: result.candidates.length > 0 ? "yes" : "",
    // Dependencies install from the manifests alone, before the sources, when there are any.
    manifestLayer: manager !== "" && result.candidates.length === 0 ? "yes" : "",
    runtimeVersion: result.runtimeVersion?.value ?? "",
    port: String(result.port?.value ?? 8080),
    buildCommand: result.buildCommand?.value ?? "",
    startCommand: JSON.stringify(
      PLAIN_WORDS.test(runtimeStart)
        ? runtimeStart.split(" ")
        : ["sh", "-c", execLast(runtimeStart)],
    ),
    binary: firstWord.startsWith("/app/") ? (firstWord.split("/").at(-1) ?? "") : "",
    outputDirectory: (result.outputDirectory ?? ".").replace(/^\.\/?/, "").replace(/\/$/, ""),
    installCommand:
      NODE_INSTALL[manager] ?? (pipFromPyproject ? "" : (PYTHON_INSTALL[manager] ?? "")),
    projectInstallCommand: pipFromPyproject ? "pip install ." : "",
    pruneCommand: NODE_PRUNE[manager] ?? "",
    serverPackage: PYTHON_SERVERS.has(firstWord) ? firstWord.replace("-serve", "") : "",
  };
}

/** The shell replaces itself with the last command ("cd web && exec npm run start"). */
function execLast(command: string): string {
  const last = command.lastIndexOf("&& ");
  return last === -1
    ? `exec ${command}`
    : `${command.slice(0, last + 3)}exec ${command.slice(last + 3)}`;
}

const isStaticTemplate = (template: string | null): boolean =>
  template === "static" || template === "hugo" || template === "node-static";
