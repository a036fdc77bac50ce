import { lookup as dnsLookup } from "node:dns/promises";
import { BlockList, isIP } from "node:net";
import { DetectionError } from "../detect/errors.ts";

/** Addresses a repository URL may never reach outside local mode: no SSRF into the platform. */
const denied = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10], // carrier-grade NAT
  ["127.0.0.0", 8],
  ["169.254.0.0", 16], // link-local, including cloud metadata
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["224.0.0.0", 3], // multicast and reserved
] as const) {
  denied.addSubnet(network, prefix, "ipv4");
}
for (const [network, prefix] of [
  ["::", 128],
  ["::1", 128],
  ["fc00::", 7], // unique local, including fd00:ec2::254 metadata
  ["fe80::", 10],
  ["ff00::", 8],
  ["64:ff9b::", 96], // NAT64 would reach IPv4 space indirectly
] as const) {
  denied.addSubnet(network, prefix, "ipv6");
}

export type Lookup = (hostname: string) => Promise<{ address: string; family: number }[]>;

const defaultLookup: Lookup = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

export function isDeniedAddress(address: string): boolean {
  const mapped = address.toLowerCase().match(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/)?.[1];
  if (mapped) return isDeniedAddress(mapped);
  const family = isIP(address);
  if (family === 0) return true;
  return denied.check(address, family === 4 ? "ipv4" : "ipv6");
}

/**
 * Resolves a repository host and refuses it when any address is loopback, private,
 * link-local, metadata or otherwise internal. Returns the addresses so the caller can pin
 * the connection to them (a second resolution could answer differently: DNS rebinding).
 */
export async function resolvePublicHost(
  hostname: string,
  lookup: Lookup = defaultLookup,
): Promise<string[]> {
  const bare = hostname.replace(/^\[|\]$/g, "");
  const addresses = isIP(bare)
    ? [bare]
    : await lookup(bare).then(
        (results) => results.map((result) => result.address),
        (error: unknown) => {
          throw new DetectionError(
            "source_unavailable",
            `The repository host "${hostname}" could not be resolved. Check the repository URL.`,
            { cause: error },
          );
        },
      );
  if (addresses.length === 0 || addresses.some(isDeniedAddress)) {
    throw new DetectionError(
      "source_refused",
      `The repository host "${hostname}" resolves to a private or internal address. Use a repository on a public host.`,
    );
  }
  return addresses;
}
