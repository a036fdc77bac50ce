import { DockerfileParser } from "dockerfile-ast";
import type { FieldError } from "../errors/api-error.ts";
import { renderDockerfile, SAMPLE_DETECTION } from "./render-template.ts";

const INSTRUCTIONS = new Set([
  "FROM",
  "RUN",
  "CMD",
  "LABEL",
  "EXPOSE",
  "ENV",
  "ADD",
  "COPY",
  "ENTRYPOINT",
  "VOLUME",
  "USER",
  "WORKDIR",
  "ARG",
  "ONBUILD",
  "STOPSIGNAL",
  "HEALTHCHECK",
  "SHELL",
]);

/** `root`, `0`, `root:…` or `0:…`: a user that is root whatever the group. */
const isRoot = (user: string) => ["root", "0"].includes(user.split(":")[0]?.trim() ?? "");

/**
 * Why a template cannot be stored: it must render with sample variables, the result must be a
 * Dockerfile (known instructions, a `FROM` before anything but `ARG`), and its final stage
 * must end as a user that is not root, so every generated image passes Pod Security
 * `restricted` (runAsNonRoot) without relying on the repository.
 */
export function templateProblems(name: string, content: string): FieldError[] {
  let dockerfile: string;
  try {
    dockerfile = renderDockerfile(name, content, SAMPLE_DETECTION).dockerfile;
  } catch (error) {
    return [{ path: "content", message: (error as Error).message }];
  }
  const instructions = DockerfileParser.parse(dockerfile).getInstructions();
  const problems: FieldError[] = [];
  for (const instruction of instructions) {
    const keyword = instruction.getKeyword();
    if (!INSTRUCTIONS.has(keyword)) {
      const line = instruction.getRange().start.line + 1;
      problems.push({ path: "content", message: `line ${line}: unknown instruction ${keyword}` });
    }
  }
  const firstFrom = instructions.findIndex((i) => i.getKeyword() === "FROM");
  if (firstFrom === -1 || instructions.slice(0, firstFrom).some((i) => i.getKeyword() !== "ARG")) {
    problems.push({ path: "content", message: "must start with FROM (only ARG may come first)" });
    return problems;
  }
  const lastFrom = instructions.findLastIndex((i) => i.getKeyword() === "FROM");
  const user = instructions
    .slice(lastFrom)
    .findLast((i) => i.getKeyword() === "USER")
    ?.getArgumentsContent();
  if (!user || isRoot(user)) {
    problems.push({
      path: "content",
      message:
        "the final stage must end with a USER that is not root (for example USER 10001:10001)",
    });
  }
  return problems;
}
