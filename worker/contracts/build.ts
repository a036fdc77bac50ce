import { z } from "zod";
import { DetectionResult } from "./detection.ts";
import { DeploymentId } from "./ids.ts";

/** Hex SHA-256 of a build's inputs (runner/builds/build-key.ts says which). */
export const BuildKey = z.string().regex(/^[a-f0-9]{64}$/);

export const ImageDigest = z.string().regex(/^sha256:[a-f0-9]{64}$/);

/** The Dockerfile template a generated build used; its version is a hash of its text. */
export const BuildTemplate = z.object({ name: z.string(), version: z.string() });

/**
 * What one service's build in one deployment produced and from what: stored in the
 * deployment's result under `builds.<service>`, shown by `GET /v1/deployments/:id`.
 */
export const ServiceBuild = z.object({
  /** `<registry>/<tenant>/<service>@<digest>`: what the service runs. */
  image: z.string(),
  digest: ImageDigest,
  /** Null when the source cannot be pinned to a commit (a local working tree): never reused. */
  key: BuildKey.nullable(),
  /** The commit built. */
  revision: z.string(),
  /** The build context inside the repository, as detection resolved it. */
  path: z.string(),
  /** The final stage's base image as the Dockerfile names it. */
  baseImage: z.string().nullable(),
  /** `repository Dockerfile`, or the template it was generated from. */
  dockerfile: z.union([z.literal("repository Dockerfile"), BuildTemplate]),
  detection: DetectionResult,
  /** How long this deployment spent on the service's image: the build, or the reuse check. */
  durationMs: z.number().min(0),
  /** The deployment whose build was reused instead of building again. */
  reusedFrom: DeploymentId.nullable(),
});
export type ServiceBuild = z.infer<typeof ServiceBuild>;

/** A build of the tenant's earlier deployments, handed to the runner so it can reuse it. */
export const EarlierBuild = z.object({
  key: BuildKey,
  digest: ImageDigest,
  /** The deployment that ran the build. */
  deploymentId: DeploymentId,
});
export type EarlierBuild = z.infer<typeof EarlierBuild>;
