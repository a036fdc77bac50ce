import type { MiddlewareHandler } from "hono";
import { CreateTenantBody } from "../../contracts/api/tenants.ts";
import { ApiError } from "../../errors/api-error.ts";
import { fieldErrors } from "../../errors/problem.ts";
import { providerScope } from "../../lib/request-scope.ts";
import type { AppEnv } from "../../lib/types.ts";
import { dryRunTenant } from "../../tenants/dry-run-tenant.ts";

/**
 * `POST /v1/tenants?dryRun=true` answers before the idempotency middleware: nothing is
 * written, so a retried dry run never occupies an Idempotency-Key.
 */
export const answerDryRun: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (c.req.query("dryRun") !== "true") return next();
  const parsed = CreateTenantBody.safeParse(await c.req.json().catch(() => undefined));
  if (!parsed.success) {
    throw new ApiError("validation_failed", "The request is invalid", fieldErrors(parsed.error));
  }
  return c.json(await dryRunTenant(providerScope(c), parsed.data, c.req.raw.signal), 200);
};
