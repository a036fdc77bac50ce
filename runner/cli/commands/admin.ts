import { readFile } from "node:fs/promises";
import { DetectionResult } from "../../../worker/contracts/detection.ts";
import { type Api, createApi, dataOf } from "../api/transport.ts";
import { EXIT_OK, onePositional, parse, UsageError } from "../args.ts";
import { type Command, group, help, VERSION } from "../context.ts";
import { resolveOperatorCredentials } from "../operator-credentials.ts";

const PREVIEW_USAGE = `Usage: enclave admin templates preview <name> --repo <folder-or-git-url> [--path <folder>] [--ref <ref>] [--json]
       enclave admin templates preview <name> --detection <file.json> [--json]

Prints the Dockerfile the current version of template <name> generates for a repository. With
--repo the repository is detected on this machine as a deployment would detect it (with the
platform's detection rules); with --detection a saved result is used (enclave detect --json).
Needs the operator token: ENCLAVE_OPERATOR_TOKEN (the local stack's own is found by itself).`;

const TEMPLATES_USAGE = `Usage: enclave admin templates <command>

Commands:
  preview   the Dockerfile a template generates for a repository or a detection result`;

export const ADMIN_USAGE = `Usage: enclave admin <command>

Operator commands: they take the operator token (ENCLAVE_OPERATOR_TOKEN), not an API key.

Commands:
  templates   preview the Dockerfile templates`;

const TIMEOUT_MS = 30_000;
const timed = () => ({ signal: AbortSignal.timeout(TIMEOUT_MS) });

type DetectModule = typeof import("../detect.ts");

const savedDetection = async (file: string): Promise<DetectionResult> => {
  let value: unknown;
  try {
    value = JSON.parse(await readFile(file, "utf8"));
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as Error).message}`, PREVIEW_USAGE);
  }
  const parsed = DetectionResult.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(
      `${file} is not a detection result (enclave detect --json writes one): ${issue?.path.join(".") || "(root)"}: ${issue?.message}`,
      PREVIEW_USAGE,
    );
  }
  return parsed.data;
};

/** Detected on this machine with the platform's own rules, as a deployment would detect it. */
const detectRepository = async (
  api: Api,
  target: string,
  options: { path: string | undefined; ref: string | undefined },
): Promise<DetectionResult> => {
  const { detectionRules } = await dataOf(api.GET("/v1/admin/config", timed()));
  const { detectTarget } = (await import("../detect.ts")) as DetectModule;
  return detectTarget(target, {
    ...options,
    rules: Array.isArray(detectionRules) ? detectionRules : [],
  });
};

const preview: Command = async (args, ctx) => {
  const { values, positionals } = parse(
    args,
    {
      repo: { type: "string" },
      path: { type: "string" },
      ref: { type: "string" },
      detection: { type: "string" },
    },
    PREVIEW_USAGE,
  );
  if (values.help) return help(ctx, PREVIEW_USAGE);
  const name = onePositional(positionals, "a template name", PREVIEW_USAGE);
  if (Boolean(values.repo) === Boolean(values.detection)) {
    throw new UsageError("give either --repo or --detection", PREVIEW_USAGE);
  }
  if (!values.repo && (values.path || values.ref)) {
    throw new UsageError("--path and --ref go with --repo", PREVIEW_USAGE);
  }
  const { apiUrl, apiKey } = await resolveOperatorCredentials(ctx.io.env);
  const api = createApi({ baseUrl: apiUrl, apiKey, userAgent: `enclave-cli/${VERSION}` });
  const detection = values.detection
    ? await savedDetection(values.detection)
    : await detectRepository(api, values.repo ?? ".", { path: values.path, ref: values.ref });
  const answer = await dataOf(
    api.POST("/v1/admin/templates/{name}/preview", {
      params: { path: { name } },
      body: { detection },
      ...timed(),
    }),
  );
  if (ctx.out.json) {
    ctx.out.data({ ...answer, detection });
    return EXIT_OK;
  }
  ctx.out.note(
    `${answer.name} version ${answer.version ?? "(configuration)"} (${answer.contentHash})`,
  );
  ctx.out.line(answer.dockerfile.trimEnd());
  return EXIT_OK;
};

export const admin = group("admin", ADMIN_USAGE, {
  templates: group("admin templates", TEMPLATES_USAGE, { preview }),
});
