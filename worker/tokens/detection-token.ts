import { SignJWT } from "jose";
import { DETECTION_TOKEN_TYPE, EDGE_ISSUER, JOB_TOKEN_AUDIENCE } from "../contracts/index.ts";
import { hmacKey } from "./hmac-key.ts";
import { JOB_TOKEN_TTL_SECONDS } from "./job-token.ts";

/**
 * The token the runner requires on POST /v1/detections: signed like a job token, but typed
 * `detection` and naming the organization that asked, so neither token opens the other route.
 */
export const signDetectionToken = (secret: string, organizationId: string): Promise<string> =>
  new SignJWT({ type: DETECTION_TOKEN_TYPE })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuer(EDGE_ISSUER)
    .setAudience(JOB_TOKEN_AUDIENCE)
    .setSubject(organizationId)
    .setIssuedAt()
    .setExpirationTime(`${JOB_TOKEN_TTL_SECONDS}s`)
    .setJti(crypto.randomUUID())
    .sign(hmacKey(secret));
