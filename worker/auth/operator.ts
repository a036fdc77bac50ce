import type { MiddlewareHandler } from "hono";
import { ApiError } from "../errors/api-error.ts";
import { timingSafeEqualStrings } from "../lib/hashing.ts";
import type { AppEnv } from "../lib/types.ts";
import { bearerToken } from "./authenticate.ts";

/** Operator endpoints accept only `Bearer <OPERATOR_TOKEN>`; provider credentials are refused. */
export const requireOperator: MiddlewareHandler<AppEnv> = async (c, next) => {
  const token = bearerToken(c.req.header("authorization"));
  const expected = c.env.OPERATOR_TOKEN;
  if (!token || !expected || !(await timingSafeEqualStrings(token, expected))) {
    throw new ApiError("unauthenticated");
  }
  await next();
};
