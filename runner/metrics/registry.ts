import { Counter, collectDefaultMetrics, Histogram, Registry } from "prom-client";

/**
 * The runner's Prometheus metrics on their own registry (two runners in one process, as in
 * tests, never share counters). With `processMetrics`, the registry also carries prom-client's
 * default process and Node.js metrics: memory, CPU, event-loop lag, GC, handles.
 */
export class RunnerMetrics {
  readonly registry = new Registry();
  readonly jobs = new Counter({
    name: "enclave_runner_jobs_total",
    help: "Jobs finished, by type and outcome.",
    labelNames: ["type", "outcome"] as const,
    registers: [this.registry],
  });
  readonly stageSeconds = new Histogram({
    name: "enclave_runner_stage_duration_seconds",
    help: "Duration of pipeline stages, by stage and outcome.",
    labelNames: ["stage", "outcome"] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 900],
    registers: [this.registry],
  });
  readonly kubeRequests = new Counter({
    name: "enclave_runner_kubernetes_requests_total",
    help: "Requests the runner made to the Kubernetes API, by verb.",
    labelNames: ["verb"] as const,
    registers: [this.registry],
  });
  readonly eventsUndelivered = new Counter({
    name: "enclave_runner_progress_events_undelivered_total",
    help: "Progress events given up on after retries.",
    registers: [this.registry],
  });

  constructor(options: { processMetrics?: boolean } = {}) {
    if (options.processMetrics) collectDefaultMetrics({ register: this.registry });
  }

  /** The Prometheus text exposition and its content type. */
  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
