import { SignJWT } from "jose";
import {
  DETECTION_TOKEN_TYPE,
  EDGE_ISSUER,
  JOB_TOKEN_AUDIENCE,
  type JobMessage,
} from "../../../worker/contracts/index.ts";

/** A job token as the edge mints it (worker/tokens/job-token.ts), with knobs to break it. */
export function jobToken(
  secret: string,
  job: JobMessage,
  overrides: { audience?: string; issuer?: string; subject?: string; expiresIn?: string } = {},
): Promise<string> {
  return new SignJWT({ type: job.type, tenantId: job.tenantId, attempt: job.attempt })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuer(overrides.issuer ?? EDGE_ISSUER)
    .setAudience(overrides.audience ?? JOB_TOKEN_AUDIENCE)
    .setSubject(overrides.subject ?? job.deploymentId)
    .setIssuedAt()
    .setExpirationTime(overrides.expiresIn ?? "50s")
    .sign(new TextEncoder().encode(secret));
}

/** An unsigned token (alg "none"), which the runner must refuse. */
export function unsignedToken(job: JobMessage): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const now = Math.floor(Date.now() / 1000);
  return `${part({ alg: "none", typ: "JWT" })}.${part({
    iss: EDGE_ISSUER,
    aud: JOB_TOKEN_AUDIENCE,
    sub: job.deploymentId,
    iat: now,
    exp: now + 30,
  })}.`;
}

/** A detection token as the edge mints it (worker/tokens/detection-token.ts), with knobs. */
export function detectionToken(
  secret: string,
  organizationId: string,
  overrides: { type?: string; expiresIn?: string } = {},
): Promise<string> {
  return new SignJWT({ type: overrides.type ?? DETECTION_TOKEN_TYPE })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuer(EDGE_ISSUER)
    .setAudience(JOB_TOKEN_AUDIENCE)
    .setSubject(organizationId)
    .setIssuedAt()
    .setExpirationTime(overrides.expiresIn ?? "50s")
    .sign(new TextEncoder().encode(secret));
}
