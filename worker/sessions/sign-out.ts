import { looksLikeApiKey } from "../auth/api-key.ts";
import { authenticate } from "../auth/authenticate.ts";
import { revokeLocalSessionKey } from "./local-sign-in.ts";
import type { SessionScope } from "./session-scope.ts";

/** A session of a key the local sign-in issued retires that key; other credentials stay. */
export async function endSession(
  { env, db, waitUntil }: SessionScope,
  credential: string | null,
): Promise<void> {
  if (!credential || !looksLikeApiKey(credential)) return;
  const principal = await authenticate(env, credential, waitUntil);
  if (principal?.actor.startsWith("key:")) {
    await revokeLocalSessionKey(db, principal.actor.slice("key:".length));
  }
}
