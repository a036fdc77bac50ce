import type { Principal } from "../auth/principal.ts";
import { ApiError } from "../errors/api-error.ts";
import { type Identity, memberPrincipal } from "../members/membership.ts";
import type { SessionScope } from "./session-scope.ts";

/**
 * Whom an identity provider's sign-in lets in: the same membership a user JWT needs on the
 * API, so the dashboard never holds a session the API would refuse. Null for a non-member.
 */
export async function oidcMember(
  { db, waitUntil }: Pick<SessionScope, "db" | "waitUntil">,
  identity: Identity,
): Promise<Principal | null> {
  try {
    return await memberPrincipal(db, identity, null, waitUntil);
  } catch (error) {
    if (error instanceof ApiError && error.code === "forbidden") return null;
    throw error;
  }
}
