import { execFile } from "node:child_process";
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";

const git = promisify(execFile);

/** A local repository with `files` committed on `main`, as a file:// URL. */
export async function gitRepository(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "enclave-repo-"));
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), content);
  }
  const run = (...args: string[]) =>
    git("git", ["-c", "user.name=test", "-c", "user.email=test@example.com", ...args], {
      cwd: dir,
    });
  await run("init", "--quiet", "--initial-branch=main");
  await run("add", ".");
  await run("commit", "--quiet", "-m", "app");
  return `file://${dir}`;
}
