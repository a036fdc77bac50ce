import type { tenants } from "../db/schema.ts";
import { ApiError } from "../errors/api-error.ts";

/** A suspended tenant runs nothing: a change would only reach it once it is resumed. */
export function assertNotSuspended(tenant: Pick<typeof tenants.$inferSelect, "status">): void {
  if (tenant.status === "suspended") {
    throw new ApiError(
      "invalid_state",
      "The tenant is suspended; resume it (POST /v1/tenants/{id}/resume) before changing or redeploying it",
    );
  }
}
