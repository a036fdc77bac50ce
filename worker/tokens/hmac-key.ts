/** HS256 keys are the raw UTF-8 bytes of the shared secret, as on the runner's side. */
export const hmacKey = (secret: string): Uint8Array => {
  if (secret.length < 32) throw new Error("token secrets must be at least 32 characters");
  return new TextEncoder().encode(secret);
};
