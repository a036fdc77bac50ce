import type { ContainerPlan } from "./behaviours.ts";

const unquote = (text: string) => text.trim().replace(/^(["'])(.*)\1$/s, "$2");
/** `>&2`, `1>&2`, `2>&1` only pick a stream; the simulated log is one stream. */
const withoutRedirections = (text: string) => text.replace(/\s*[12]?>&[12]\s*/g, " ").trim();

/**
 * A container running a short script of `echo`, `true`, `false` and `exit N` (as its argv,
 * or through `sh -c` with statements separated by `;`, `&&` or new lines) does what the script
 * says: each echo is a log line and it exits with the script's status, stopping at `exit`, at
 * `false` before `&&`, or at the end. Any other statement: null, the caller's default applies.
 */
export function simulatedShellScript(argv: string[]): ContainerPlan | null {
  const [first, second, script] = argv;
  const isShell = (first === "sh" || first === "/bin/sh" || first === "bash") && second === "-c";
  const source = isShell && argv.length === 3 ? (script ?? "") : argv.join(" ");
  const statements = source
    .split(/(;|&&|\n)/)
    .map((part) => part.trim())
    .filter((part) => part !== "" && part !== ";" && part !== "\n");
  if (statements.length === 0) return null;
  const logs: string[] = [];
  let status = 0;
  for (let i = 0; i < statements.length; i++) {
    const statement = statements[i] ?? "";
    if (statement === "&&") {
      if (status !== 0) break;
      continue;
    }
    const echo = /^echo(?:\s+(.*))?$/s.exec(withoutRedirections(statement));
    const exit = /^exit(?:\s+(\d+))?$/.exec(statement);
    if (echo) {
      logs.push(unquote(echo[1] ?? ""));
      status = 0;
    } else if (statement === "true" || statement === ":") {
      status = 0;
    } else if (statement === "false") {
      status = 1;
    } else if (exit) {
      return { logs, exit: { code: Number(exit[1] ?? status) } };
    } else {
      return null;
    }
  }
  return { logs, exit: { code: status } };
}
