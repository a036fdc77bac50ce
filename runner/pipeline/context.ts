import type {
  CustomDomainCertificate,
  DeploymentSpec,
  DetectionResult,
  JobMessage,
  ServiceBuild,
  Stage,
} from "../../worker/contracts/index.ts";
import type { ProgressReporter } from "../edge/reporter.ts";
import type { Kube } from "../kube/client.ts";
import type { Logger } from "../log/logger.ts";
import type { RunnerMetrics } from "../metrics/registry.ts";
import type { RegistryCredentials } from "../registry/auth.ts";
import type { PreviousWorkload } from "./previous-version.ts";
import type { SourceAnalyzer } from "./stages/detect.ts";

/** What the pipeline needs from the runner, shared by all jobs. */
export interface PipelineDeps {
  kube: Kube;
  analyzer: SourceAnalyzer;
  logger: Logger;
  metrics: RunnerMetrics;
  /** For the image registry's API (`cluster.registryApiUrl`); absent: anonymous. */
  registryCredentials?: RegistryCredentials | undefined;
}

/** One job's state as it moves through the stages. */
export interface JobContext {
  deps: PipelineDeps;
  job: JobMessage;
  spec: DeploymentSpec;
  reporter: ProgressReporter;
  /** Aborts the stages: the runner shuts down, the claim was lost or the job was cancelled. */
  signal: AbortSignal;
  /** Aborted when the edge answered that the deployment was cancelled. */
  cancellation: AbortSignal;
  /** Aborted only when the runner shuts down: cleanup after a cancellation still runs. */
  shutdown: AbortSignal;
  /** Each service's workload before this job changed it, for a tenant that was serving. */
  previous: Map<string, PreviousWorkload>;
  /** The image each service runs, by service name; filled by build (or taken from the source). */
  images: Map<string, string>;
  /** The Dockerfile of each service that needs a build, by service name. */
  builds: Map<string, PreparedBuild>;
  /** What each service's image was built (or reused) from, by service name; filled by build. */
  buildRecords: Map<string, ServiceBuild>;
  /** Each custom domain's certificate as the route stage found it; the edge records them. */
  customDomains: CustomDomainCertificate[];
  /** Emits a log line for the current stage. */
  log(stage: Stage, message: string): void;
}

/** What the build of one service uses: its Dockerfile and what detection read. */
export interface PreparedBuild {
  dockerfile: string;
  /** The commit detection read. */
  revision: string;
  /** The build context: the folder detection resolved (a workspace's app), not the path as asked. */
  path: string;
  detection: DetectionResult;
  /** The template the Dockerfile was generated from; null for the repository's own. */
  template: { name: string; version: string; variables: Record<string, string> } | null;
}
