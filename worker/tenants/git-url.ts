import type { Env } from "../env.ts";

/**
 * Why a git URL is refused, or null when it is acceptable. The runner clones it from inside
 * the cluster, so anything that could reach a private or internal address is refused in live
 * mode. Local mode also accepts `file://` URLs and absolute paths, to deploy a checkout from
 * the user's disk.
 */
export function gitUrlProblem(url: string, mode: Env["ENCLAVE_MODE"]): string | null {
  if (mode === "local" && (url.startsWith("/") || url.startsWith("file:///"))) {
    return url.split("/").includes("..") ? "must not contain '..'" : null;
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return "must be an https:// or ssh:// URL";
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "ssh:") {
    return mode === "local"
      ? "must be an https://, ssh:// or file:// URL, or an absolute path"
      : "must be an https:// or ssh:// URL";
  }
  // Credentials in a URL would be stored and shown in clear; ssh keeps its user (git@...).
  if (parsed.password || (parsed.protocol === "https:" && parsed.username)) {
    return "must not contain credentials";
  }
  return isPublicHostname(parsed.hostname) ? null : "must point to a public host";
}

function isPublicHostname(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, "");
  if (host.startsWith("[")) return false;
  if (!host.includes(".")) return false;
  if (/\.(localhost|local|internal|lan|home|corp|intranet|cluster\.local)$/.test(host)) {
    return false;
  }
  const octets = host.split(".").map(Number);
  const isIpv4 = octets.length === 4 && octets.every((o) => Number.isInteger(o));
  return !isIpv4 || isPublicIpv4(octets as [number, number, number, number]);
}

function isPublicIpv4([a, b]: [number, number, number, number]): boolean {
  if (a === 0 || a === 10 || a === 127 || a >= 224) return false;
  if (a === 169 && b === 254) return false;
  if (a === 172 && b >= 16 && b <= 31) return false;
  if (a === 192 && b === 168) return false;
  if (a === 100 && b >= 64 && b <= 127) return false;
  return true;
}
