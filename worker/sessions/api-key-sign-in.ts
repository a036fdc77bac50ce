import { looksLikeApiKey } from "../auth/api-key.ts";
import { authenticate } from "../auth/authenticate.ts";
import type { Session } from "../contracts/api/session.ts";
import { ApiError } from "../errors/api-error.ts";
import { type SessionScope, sessionView } from "./session-scope.ts";

/** Only an API key signs in here: a JWT session comes from the identity provider's flow. */
export async function signInWithApiKey(
  { env, waitUntil }: SessionScope,
  apiKey: string,
): Promise<Session> {
  const principal = looksLikeApiKey(apiKey) ? await authenticate(env, apiKey, waitUntil) : null;
  if (!principal) {
    throw new ApiError("unauthenticated", "The API key is not valid", [
      { path: "apiKey", message: "is not a valid, unrevoked API key" },
    ]);
  }
  return sessionView(principal);
}
