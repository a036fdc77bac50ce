// Restores package-lock.json entries for other platforms' optional binaries (biome, workerd).
// When the registry an install used lacks some platform builds, npm leaves their entries out
// and `npm ci` then refuses the lock file as out of sync. The entries carry os/cpu/libc, so
// npm skips them on machines they are not for, exactly as with a lock written against the
// full registry. Idempotent; run after `npm install` changes the lock file.
import { readFileSync, writeFileSync } from "node:fs";

const path = new URL("../package-lock.json", import.meta.url);
const lock = JSON.parse(readFileSync(path, "utf8"));
const packages = lock.packages;
const OSES = [
  "darwin",
  "win32",
  "android",
  "linux",
  "freebsd",
  "openbsd",
  "netbsd",
  "sunos",
  "aix",
];
const CPUS = ["arm64", "x64", "ia32", "arm", "loong64", "ppc64", "riscv64", "s390x"];

function platformOf(name) {
  const base = name.split("/").pop();
  const os = base.includes("windows") ? "win32" : OSES.find((o) => base.split("-").includes(o));
  let cpu = CPUS.find((c) => base.split("-").includes(c));
  if (!cpu && base.endsWith("-64")) cpu = "x64";
  return { os, cpu, musl: base.split("-").includes("musl") };
}

/** Where npm would look for `dep` required from the package at `from`, nearest first. */
function lookupPaths(from, dep) {
  const paths = [];
  let at = from;
  for (;;) {
    paths.push(`${at ? `${at}/` : ""}node_modules/${dep}`);
    if (!at) return paths;
    const cut = at.lastIndexOf("/node_modules/");
    at = cut >= 0 ? at.slice(0, cut) : "";
  }
}

let added = 0;
for (const [from, node] of Object.entries(packages)) {
  for (const [dep, version] of Object.entries(node.optionalDependencies ?? {})) {
    if (lookupPaths(from, dep).some((p) => p in packages)) continue;
    const { os, cpu, musl } = platformOf(dep);
    if (!os || !cpu) continue;
    packages[`${from ? `${from}/` : ""}node_modules/${dep}`] = {
      version,
      optional: true,
      os: [os],
      cpu: [cpu],
      ...(musl ? { libc: ["musl"] } : {}),
    };
    added += 1;
  }
}
if (added > 0) writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`package-lock.json: ${added} platform entries restored`);
