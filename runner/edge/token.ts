import { SignJWT } from "jose";
import { RUNNER_ISSUER, RUNNER_TOKEN_AUDIENCE } from "../../worker/contracts/index.ts";

/** Well under the edge's limit: a token only has to survive the request it rides on. */
const RUNNER_TOKEN_TTL_SECONDS = 30;

/** HS256 keys are the raw UTF-8 bytes of the shared secret, as on the edge's side. */
export const hmacKey = (secret: string): Uint8Array => new TextEncoder().encode(secret);

/** The one deployment and attempt a token speaks for: the edge refuses it for any other. */
export interface TokenScope {
  deploymentId: string;
  attempt: number;
}

export function signRunnerToken(
  secret: string,
  runnerId: string,
  scope: TokenScope,
): Promise<string> {
  return new SignJWT({ deployment: scope.deploymentId, attempt: scope.attempt })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuer(RUNNER_ISSUER)
    .setAudience(RUNNER_TOKEN_AUDIENCE)
    .setSubject(runnerId)
    .setIssuedAt()
    .setExpirationTime(`${RUNNER_TOKEN_TTL_SECONDS}s`)
    .sign(hmacKey(secret));
}
