import { z } from "zod";
import { DeploymentId, TenantId } from "./ids.ts";

/**
 * The message on the jobs Queue and the body the runner receives at POST /v1/jobs.
 * It names the work only: the runner fetches the spec (with secrets) over the internal API,
 * so nothing secret ever travels through the Queue.
 */
export const JobMessage = z
  .object({
    /** `cleanup`: remove what a deployment failed by the dead-letter queue left behind. */
    type: z.enum(["provision", "deprovision", "backup", "restore", "cleanup"]),
    deploymentId: DeploymentId,
    tenantId: TenantId,
    attempt: z.number().int().min(1),
  })
  .strict();
export type JobMessage = z.infer<typeof JobMessage>;

/** Audiences of the short-lived JWTs between the edge and the runner. */
export const JOB_TOKEN_AUDIENCE = "runner";
export const RUNNER_TOKEN_AUDIENCE = "enclave-edge";
export const EDGE_ISSUER = "enclave-edge";
export const RUNNER_ISSUER = "enclave-runner";
