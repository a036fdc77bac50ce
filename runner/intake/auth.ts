import { errors, jwtVerify } from "jose";
import {
  DETECTION_TOKEN_TYPE,
  EDGE_ISSUER,
  JOB_TOKEN_AUDIENCE,
  type JobMessage,
  LOGS_TOKEN_AUDIENCE,
  OrganizationId,
} from "../../worker/contracts/index.ts";
import { hmacKey } from "../edge/token.ts";

/** Job tokens live under a minute; anything claiming longer was not minted by the edge. */
const MAX_LIFETIME_SECONDS = 60;
const CLOCK_TOLERANCE_SECONDS = 5;

export class JobTokenError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "JobTokenError";
  }
}

export function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer ([A-Za-z0-9_.-]+)$/.exec(header ?? "");
  return match?.[1] ?? null;
}

/**
 * HS256 only, the edge's issuer, `audience`, a short life: every token the edge mints for the
 * runner (job and detection tokens share the runner's audience; logs tokens have their own).
 */
async function verifyEdgeToken(
  secret: string,
  token: string,
  audience: string,
): Promise<Record<string, unknown>> {
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(token, hmacKey(secret), {
      algorithms: ["HS256"],
      issuer: EDGE_ISSUER,
      audience,
      requiredClaims: ["exp", "iat", "sub"],
      maxTokenAge: MAX_LIFETIME_SECONDS,
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
    }));
  } catch (error) {
    const reason = error instanceof errors.JOSEError ? error.code : "invalid token";
    throw new JobTokenError(reason, { cause: error });
  }
  const { exp, iat } = payload as { exp: number; iat: number };
  if (exp - iat > MAX_LIFETIME_SECONDS) throw new JobTokenError("token lifetime too long");
  return payload;
}

/**
 * Verifies the edge's job token and that it was minted for exactly this job: a token for one
 * deployment cannot start another, and a detection token (its own `type`) starts none.
 */
export async function verifyJobToken(
  secret: string,
  token: string,
  job: JobMessage,
): Promise<void> {
  const payload = await verifyEdgeToken(secret, token, JOB_TOKEN_AUDIENCE);
  if (payload.sub !== job.deploymentId) throw new JobTokenError("token is for another deployment");
  for (const claim of ["tenantId", "attempt", "type"] as const) {
    if (payload[claim] !== undefined && payload[claim] !== job[claim]) {
      throw new JobTokenError(`token ${claim} does not match the job`);
    }
  }
}

/**
 * Verifies the edge's detection token: the same signature rules as a job token, but only a
 * token minted for detection (`type: "detection"`) whose subject is an organization passes,
 * so a leaked job token cannot read sources. Returns the organization, for the logs.
 */
export async function verifyDetectionToken(secret: string, token: string): Promise<string> {
  const payload = await verifyEdgeToken(secret, token, JOB_TOKEN_AUDIENCE);
  if (payload.type !== DETECTION_TOKEN_TYPE) throw new JobTokenError("not a detection token");
  const organization = OrganizationId.safeParse(payload.sub);
  if (!organization.success) throw new JobTokenError("a detection token names an organization");
  return organization.data;
}

/** What a logs token lets its bearer read: one service's pods in one tenant namespace. */
export interface LogsGrant {
  namespace: string;
  service: string;
}

/**
 * Verifies the edge's logs token (HS256, issuer, the logs audience, short life) and returns
 * the namespace and service it names: the request cannot widen them.
 */
export async function verifyLogsToken(secret: string, token: string): Promise<LogsGrant> {
  const { namespace, service } = await verifyEdgeToken(secret, token, LOGS_TOKEN_AUDIENCE);
  if (typeof namespace !== "string" || typeof service !== "string" || !namespace || !service)
    throw new JobTokenError("token names no namespace and service");
  return { namespace, service };
}
