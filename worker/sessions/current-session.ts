import { authenticate } from "../auth/authenticate.ts";
import type { CurrentSession } from "../contracts/api/session.ts";
import { ApiError } from "../errors/api-error.ts";
import { type SessionScope, sessionView } from "./session-scope.ts";

/**
 * Who the credential signs in as; no credential, one that fails, or a user who is no longer
 * a member of any organization, is simply signed out.
 */
export async function currentSession(
  { env, waitUntil }: SessionScope,
  credential: string | null,
): Promise<CurrentSession> {
  const principal = credential
    ? await authenticate(env, credential, waitUntil).catch((error: unknown) => {
        if (error instanceof ApiError && error.code === "forbidden") return null;
        throw error;
      })
    : null;
  return principal ? { signedIn: true, ...sessionView(principal) } : { signedIn: false };
}
