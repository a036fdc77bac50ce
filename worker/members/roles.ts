import type { ApiKeyScope, MemberRole } from "../db/schema.ts";

/** A member's role grants the same scopes an API key can carry. */
export const ROLE_SCOPES: Record<MemberRole, readonly ApiKeyScope[]> = {
  viewer: ["read"],
  developer: ["read", "write"],
  admin: ["read", "write", "admin"],
};
