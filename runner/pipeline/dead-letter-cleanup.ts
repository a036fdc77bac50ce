import type { DeploymentSpec } from "../../worker/contracts/index.ts";
import { describeError } from "../log/logger.ts";
import { tenantNamespace } from "../manifests/labels.ts";
import { deploymentBuildSelector, removeBuilds, removeTenantNamespace } from "./cleanup.ts";
import type { PipelineDeps } from "./context.ts";

const CLEANUP_TIMEOUT_MS = 120_000;

/**
 * The compensation of a deployment the edge failed because no runner could be reached for
 * its last attempt: what the pipeline removes after a failure, removed here. Its builds go;
 * a tenant that was never ready loses its namespace too, while a ready tenant's serving
 * version stays. The deployment has ended, so this reports to the log and metrics only.
 */
export async function cleanUpDeadLetter(
  deps: Pick<PipelineDeps, "kube" | "logger" | "metrics">,
  spec: DeploymentSpec,
  signal: AbortSignal,
): Promise<void> {
  const fields = { deploymentId: spec.deployment.id, tenantId: spec.tenant.id };
  const options = { timeoutMs: CLEANUP_TIMEOUT_MS, signal };
  let outcome = "cleaned";
  try {
    const builds = await removeBuilds(deps.kube, spec, deploymentBuildSelector(spec), options);
    if (!spec.tenant.wasReady) await removeTenantNamespace(deps.kube, spec, options);
    deps.logger.info(
      {
        ...fields,
        builds,
        namespace: spec.tenant.wasReady ? null : tenantNamespace(spec),
      },
      "dead-lettered deployment cleaned up",
    );
  } catch (error) {
    outcome = "failed";
    deps.logger.error({ ...fields, ...describeError(error) }, "dead-letter clean-up failed");
  } finally {
    deps.metrics.jobs.inc({ type: "cleanup", outcome });
  }
}
