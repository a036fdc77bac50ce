import ipaddr from "ipaddr.js";
import { resolveRecords } from "../dns/doh.ts";

type Fetch = typeof fetch;

/**
 * Whether an address is one the public internet routes to. Everything else (private,
 * loopback, link-local and so the 169.254.169.254 metadata service, carrier-grade NAT,
 * unique-local, multicast, reserved, IPv4-mapped private ones) is refused.
 */
const isPublicAddress = (address: string): boolean =>
  ipaddr.isValid(address) && ipaddr.process(address).range() === "unicast";

async function resolve(host: string, resolverUrl: string, fetcher: Fetch): Promise<string[]> {
  const addresses = await Promise.all(
    (["A", "AAAA"] as const).map((type) => resolveRecords(host, type, resolverUrl, fetcher)),
  );
  return addresses.flat();
}

/**
 * Why Enclave will not deliver to `target`, or null when it will. Locally any http(s) URL is a
 * target, so the local stack and tests can receive on 127.0.0.1. In live mode only https, and
 * the host's addresses, resolved through the platform's DNS-over-HTTPS resolver (an IP literal
 * is taken as is), must all be public: a name that resolves to an internal address is refused
 * when the webhook is saved and again before every delivery, since DNS can change between.
 */
export async function targetRefusal(
  target: string,
  mode: "local" | "live",
  resolverUrl: string,
  fetcher: Fetch = fetch,
): Promise<string | null> {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return "is not a URL";
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return "must be an http(s) URL";
  if (url.username || url.password) return "must not carry credentials";
  if (mode === "local") return null;
  if (url.protocol !== "https:") return "must be an https URL";
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  if (ipaddr.isValid(host)) {
    return isPublicAddress(host) ? null : "must not be a private or internal address";
  }
  if (host === "localhost" || host.endsWith(".localhost")) {
    return "must not be a private or internal address";
  }
  let addresses: string[];
  try {
    addresses = await resolve(host, resolverUrl, fetcher);
  } catch (error) {
    return `could not be resolved (${error instanceof Error ? error.message : String(error)})`;
  }
  if (addresses.length === 0) return "does not resolve to an address";
  const internal = addresses.find((address) => !isPublicAddress(address));
  return internal ? `resolves to ${internal}, a private or internal address` : null;
}
