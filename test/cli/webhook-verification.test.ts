import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { signatureHeader } from "../../worker/webhooks/signature.ts";

/** The receivers' verification snippet, exactly as the README's Webhooks section shows it. */
const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
const section = readme.slice(readme.indexOf("## Webhooks"));
const snippet = /```js\n([\s\S]*?)```/.exec(section)?.[1];
const dir = mkdtempSync(join(tmpdir(), "enclave-webhook-snippet-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Verify = (body: string, header: string | null, secret: string, now?: number) => boolean;
const load = async (): Promise<Verify> => {
  if (!snippet) throw new Error("the README has no js snippet under ## Webhooks");
  const file = join(dir, "verify.mjs");
  writeFileSync(file, snippet);
  return (await import(pathToFileURL(file).href)).verifyEnclaveSignature as Verify;
};

describe("the README's webhook verification snippet", () => {
  const secret = "whsec_readme-secret";
  const body = JSON.stringify({ id: "evt_0123456789abcdefghjk", type: "tenant.ready" });
  const now = Math.floor(Date.now() / 1000);

  it("accepts what Enclave signs, with one secret or during a rotation's overlap", async () => {
    const verify = await load();
    expect(verify(body, await signatureHeader([secret], now, body), secret)).toBe(true);
    const both = await signatureHeader(["whsec_new", secret], now, body);
    expect(verify(body, both, secret)).toBe(true);
    expect(verify(body, both, "whsec_new")).toBe(true);
  });

  it("refuses another body, another secret, and a timestamp outside five minutes", async () => {
    const verify = await load();
    const header = await signatureHeader([secret], now, body);
    expect(verify(`${body} `, header, secret)).toBe(false);
    expect(verify(body, header, "whsec_other")).toBe(false);
    expect(verify(body, header, secret, now + 301)).toBe(false);
    expect(verify(body, null, secret)).toBe(false);
  });
});
