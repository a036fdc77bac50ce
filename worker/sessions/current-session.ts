import { authenticate } from "../auth/authenticate.ts";
import type { CurrentSession } from "../contracts/api/session.ts";
import { type SessionScope, sessionView } from "./session-scope.ts";

/** Who the credential signs in as; no credential, or one that fails, is simply signed out. */
export async function currentSession(
  { env, waitUntil }: SessionScope,
  credential: string | null,
): Promise<CurrentSession> {
  const principal = credential ? await authenticate(env, credential, waitUntil) : null;
  return principal ? { signedIn: true, ...sessionView(principal) } : { signedIn: false };
}
