import { describe, expect, it } from "vitest";
import { targetRefusal } from "../../../worker/webhooks/target-url.ts";

const RESOLVER = "https://dns.example/dns-query";

/** A DNS-over-HTTPS resolver (JSON API) that knows `records`, recording what it was asked. */
function resolver(records: Record<string, { A?: string[]; AAAA?: string[] }>) {
  const asked: string[] = [];
  const fetcher = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input));
    expect(`${url.origin}${url.pathname}`).toBe(RESOLVER);
    expect(new Headers(init?.headers).get("accept")).toBe("application/dns-json");
    const name = url.searchParams.get("name") ?? "";
    const type = url.searchParams.get("type") as "A" | "AAAA";
    asked.push(`${name} ${type}`);
    const data = records[name]?.[type] ?? [];
    const Answer = data.map((address) => ({ name, type: type === "A" ? 1 : 28, data: address }));
    return Response.json({ Status: 0, Answer: [{ name, type: 5, data: "alias." }, ...Answer] });
  }) as typeof fetch;
  return { fetcher, asked };
}

describe("webhook target URLs", () => {
  it("accepts http to 127.0.0.1 locally, without resolving anything", async () => {
    const { fetcher, asked } = resolver({});
    expect(await targetRefusal("http://127.0.0.1:8080/hook", "local", RESOLVER, fetcher)).toBe(
      null,
    );
    expect(asked).toEqual([]);
  });

  it.each([
    ["http://hooks.example.com/in", "must be an https URL"],
    ["https://127.0.0.1/in", "must not be a private or internal address"],
    ["https://10.1.2.3/in", "must not be a private or internal address"],
    ["https://169.254.169.254/latest/meta-data", "must not be a private or internal address"],
    ["https://[::1]/in", "must not be a private or internal address"],
    ["https://[::ffff:192.168.0.1]/in", "must not be a private or internal address"],
    ["https://[fd00::1]/in", "must not be a private or internal address"],
    ["https://localhost/in", "must not be a private or internal address"],
    ["https://user:pw@hooks.example.com/in", "must not carry credentials"],
  ])("refuses %s in live mode", async (url, reason) => {
    const { fetcher } = resolver({});
    expect(await targetRefusal(url, "live", RESOLVER, fetcher)).toBe(reason);
  });

  it("resolves the host in live mode and refuses one with any internal address", async () => {
    const { fetcher, asked } = resolver({
      "rebind.example.com": { A: ["93.184.215.14", "192.168.1.20"] },
      "v6.example.com": { AAAA: ["fe80::1"] },
    });
    expect(await targetRefusal("https://rebind.example.com/in", "live", RESOLVER, fetcher)).toBe(
      "resolves to 192.168.1.20, a private or internal address",
    );
    expect(await targetRefusal("https://v6.example.com/in", "live", RESOLVER, fetcher)).toBe(
      "resolves to fe80::1, a private or internal address",
    );
    expect(asked).toContain("rebind.example.com A");
    expect(asked).toContain("rebind.example.com AAAA");
  });

  it("accepts a host whose every address is public, and refuses one that does not resolve", async () => {
    const { fetcher } = resolver({
      "hooks.example.com": {
        A: ["93.184.215.14"],
        AAAA: ["2606:2800:21f:cb07:6820:80da:af6b:8b2c"],
      },
    });
    expect(await targetRefusal("https://hooks.example.com/in", "live", RESOLVER, fetcher)).toBe(
      null,
    );
    expect(await targetRefusal("https://nowhere.example.com/in", "live", RESOLVER, fetcher)).toBe(
      "does not resolve to an address",
    );
  });

  it("refuses when the resolver cannot answer", async () => {
    const failing = (async () => new Response("down", { status: 502 })) as typeof fetch;
    expect(await targetRefusal("https://hooks.example.com/in", "live", RESOLVER, failing)).toBe(
      "could not be resolved (the resolver answered 502)",
    );
  });
});
