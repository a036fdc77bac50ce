import type { Env } from "../env.ts";

const SSH_REFUSED =
  "ssh and scp-style URLs (git@host:owner/repo.git) are not supported: use the repository's " +
  "https:// URL, with an access token in the tenant's source credentials for a private one";

/** `git@github.com:acme/app.git`: git reads it as ssh, though it parses as no URL at all. */
const SCP_LIKE = /^[A-Za-z0-9._-]+@[^/:]+:/;

/**
 * Why a git URL is refused, or null when it is acceptable. The runner clones it from inside
 * the cluster over https only, so anything that could reach a private or internal address is
 * refused in live mode, and ssh is refused everywhere rather than failing later in the runner.
 * Local mode also accepts `file://` URLs and absolute paths, to deploy a checkout from the
 * user's disk, and http(s) URLs of the user's own machine (loopback), where a local runner
 * clones from a git server the user runs, private ones with a token among them.
 */
export function gitUrlProblem(url: string, mode: Env["ENCLAVE_MODE"]): string | null {
  if (mode === "local" && (url.startsWith("/") || url.startsWith("file:///"))) {
    return url.split("/").includes("..") ? "must not contain '..'" : null;
  }
  if (SCP_LIKE.test(url)) return SSH_REFUSED;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return "must be an https:// URL";
  }
  if (parsed.protocol === "ssh:" || parsed.protocol === "git+ssh:") return SSH_REFUSED;
  const ownMachine = mode === "local" && isLoopback(parsed.hostname);
  if (parsed.protocol !== "https:" && !(ownMachine && parsed.protocol === "http:")) {
    return mode === "local"
      ? "must be an https:// or file:// URL, an absolute path, or http(s) on this machine (127.0.0.1)"
      : "must be an https:// URL";
  }
  // Credentials in a URL would be stored and shown in clear.
  if (parsed.password || parsed.username) return "must not contain credentials";
  return ownMachine || isPublicHostname(parsed.hostname) ? null : "must point to a public host";
}

/** `127.0.0.1` (or any 127/8 address), `localhost` or `[::1]`. */
function isLoopback(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return host === "localhost" || host === "[::1]" || /^127(\.\d{1,3}){3}$/.test(host);
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
