import { SignJWT } from "jose";
import { EDGE_ISSUER, JOB_TOKEN_AUDIENCE, type JobMessage } from "../contracts/index.ts";
import { hmacKey } from "./hmac-key.ts";

/** Under a minute: the token only has to survive the one dispatch request it rides on. */
export const JOB_TOKEN_TTL_SECONDS = 50;

/**
 * The token the runner requires on POST /v1/jobs: it proves the job came from the edge and is
 * bound to one deployment and attempt, so a leaked token cannot start other work.
 */
export const signJobToken = (secret: string, job: JobMessage): Promise<string> =>
  new SignJWT({ type: job.type, tenantId: job.tenantId, attempt: job.attempt })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuer(EDGE_ISSUER)
    .setAudience(JOB_TOKEN_AUDIENCE)
    .setSubject(job.deploymentId)
    .setIssuedAt()
    .setExpirationTime(`${JOB_TOKEN_TTL_SECONDS}s`)
    .setJti(crypto.randomUUID())
    .sign(hmacKey(secret));
