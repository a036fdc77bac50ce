import { SignJWT } from "jose";
import { EDGE_ISSUER, LOGS_TOKEN_AUDIENCE, LOGS_TOKEN_TTL_SECONDS } from "../contracts/index.ts";
import { hmacKey } from "./hmac-key.ts";

export interface LogsGrant {
  tenantId: string;
  namespace: string;
  service: string;
}

/**
 * The token the runner requires on GET /v1/logs: it names the one namespace and service whose
 * pods may be read, so the runner never takes either from the request itself.
 */
export const signLogsToken = (secret: string, grant: LogsGrant): Promise<string> =>
  new SignJWT({ namespace: grant.namespace, service: grant.service })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuer(EDGE_ISSUER)
    .setAudience(LOGS_TOKEN_AUDIENCE)
    .setSubject(grant.tenantId)
    .setIssuedAt()
    .setExpirationTime(`${LOGS_TOKEN_TTL_SECONDS}s`)
    .setJti(crypto.randomUUID())
    .sign(hmacKey(secret));
