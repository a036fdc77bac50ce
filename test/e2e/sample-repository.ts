import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** The sample app as a real git repository, cloned by the runner over file://. */
export function sampleRepository(): string {
  const dir = mkdtempSync(join(tmpdir(), "enclave-sample-"));
  cpSync(join(import.meta.dirname, "../fixtures/sample-app"), dir, { recursive: true });
  const git = (...args: string[]) =>
    execFileSync("git", args, {
      cwd: dir,
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: "t",
        GIT_AUTHOR_EMAIL: "t@t",
        GIT_COMMITTER_NAME: "t",
        GIT_COMMITTER_EMAIL: "t@t",
      },
    });
  git("init", "-q", "-b", "main");
  git("add", ".");
  git("commit", "-q", "-m", "sample");
  return `file://${dir}`;
}
