type Fetch = typeof fetch;

/** The DNS record types Enclave asks for, by their numbers in a DNS-over-HTTPS answer. */
export const DNS_RECORD_TYPES = { A: 1, CNAME: 5, TXT: 16, AAAA: 28 } as const;
export type DnsRecordType = keyof typeof DNS_RECORD_TYPES;

interface DohAnswer {
  type: number;
  data: string;
}

/**
 * The `type` records of `name`, asked of a DNS-over-HTTPS resolver's JSON API
 * (`application/dns-json`, as Cloudflare and Google serve it). Answers of other types (the
 * CNAME chain before an A record) are left out; TXT data comes without its quotes.
 */
export async function resolveRecords(
  name: string,
  type: DnsRecordType,
  resolverUrl: string,
  fetcher: Fetch = fetch,
): Promise<string[]> {
  const url = new URL(resolverUrl);
  url.searchParams.set("name", name);
  url.searchParams.set("type", type);
  const res = await fetcher(url, { headers: { accept: "application/dns-json" } });
  if (!res.ok) throw new Error(`the resolver answered ${res.status}`);
  const { Answer = [] } = (await res.json()) as { Answer?: DohAnswer[] };
  return Answer.filter((answer) => answer.type === DNS_RECORD_TYPES[type]).map((answer) =>
    type === "TXT" ? unquoteTxt(answer.data) : answer.data,
  );
}

/** `"a" "b"` (a TXT record split in strings) → `ab`. */
const unquoteTxt = (data: string): string =>
  data.startsWith('"')
    ? [...data.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]).join("")
    : data;
