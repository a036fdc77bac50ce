const encoder = new TextEncoder();

const hex = (bytes: ArrayBuffer) =>
  [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, "0")).join("");

async function hmacSha256Hex(secret: string, message: string): Promise<string> {
  const key = await crypto.subtle.importKey(
    "raw",
    encoder.encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  return hex(await crypto.subtle.sign("HMAC", key, encoder.encode(message)));
}

/**
 * `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`, one `v1` per signing secret (two
 * during a rotation's overlap), as the well-known payment providers sign: the timestamp is
 * signed with the body, so a receiver that checks it refuses replays outside its window.
 */
export async function signatureHeader(
  secrets: string[],
  timestamp: number,
  body: string,
): Promise<string> {
  const signed = `${timestamp}.${body}`;
  const signatures = await Promise.all(secrets.map((secret) => hmacSha256Hex(secret, signed)));
  return [`t=${timestamp}`, ...signatures.map((signature) => `v1=${signature}`)].join(",");
}
