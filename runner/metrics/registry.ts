type Labels = Record<string, string>;

const labelKey = (labels: Labels) =>
  Object.keys(labels)
    .sort()
    .map(
      (name) =>
        `${name}="${String(labels[name]).replace(/["\\\n]/g, (c) => (c === "\n" ? "\\n" : `\\${c}`))}"`,
    )
    .join(",");

const braces = (key: string) => (key === "" ? "" : `{${key}}`);

class Counter {
  readonly name: string;
  readonly help: string;
  readonly values = new Map<string, number>();
  constructor(name: string, help: string) {
    this.name = name;
    this.help = help;
  }
  inc(labels: Labels = {}, by = 1): void {
    const key = labelKey(labels);
    this.values.set(key, (this.values.get(key) ?? 0) + by);
  }
  get(labels: Labels = {}): number {
    return this.values.get(labelKey(labels)) ?? 0;
  }
  render(): string[] {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} counter`];
    for (const [key, value] of this.values) lines.push(`${this.name}${braces(key)} ${value}`);
    return lines;
  }
}

class Histogram {
  readonly name: string;
  readonly help: string;
  readonly buckets: number[];
  readonly series = new Map<string, { counts: number[]; sum: number; count: number }>();
  constructor(name: string, help: string, buckets: number[]) {
    this.name = name;
    this.help = help;
    this.buckets = buckets;
  }
  observe(labels: Labels, value: number): void {
    const key = labelKey(labels);
    const series = this.series.get(key) ?? { counts: this.buckets.map(() => 0), sum: 0, count: 0 };
    this.buckets.forEach((bound, i) => {
      if (value <= bound) series.counts[i] = (series.counts[i] ?? 0) + 1;
    });
    series.sum += value;
    series.count += 1;
    this.series.set(key, series);
  }
  render(): string[] {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`];
    for (const [key, series] of this.series) {
      const prefix = key === "" ? "" : `${key},`;
      this.buckets.forEach((bound, i) => {
        lines.push(`${this.name}_bucket{${prefix}le="${bound}"} ${series.counts[i] ?? 0}`);
      });
      lines.push(`${this.name}_bucket{${prefix}le="+Inf"} ${series.count}`);
      lines.push(`${this.name}_sum${braces(key)} ${series.sum}`);
      lines.push(`${this.name}_count${braces(key)} ${series.count}`);
    }
    return lines;
  }
}

/** The runner's metrics, rendered in the Prometheus text format (small enough to do by hand). */
export class RunnerMetrics {
  readonly jobs = new Counter("enclave_runner_jobs_total", "Jobs finished, by type and outcome.");
  readonly stageSeconds = new Histogram(
    "enclave_runner_stage_duration_seconds",
    "Duration of pipeline stages, by stage and outcome.",
    [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 900],
  );
  readonly kubeRequests = new Counter(
    "enclave_runner_kubernetes_requests_total",
    "Requests the runner made to the Kubernetes API, by verb.",
  );
  readonly eventsUndelivered = new Counter(
    "enclave_runner_progress_events_undelivered_total",
    "Progress events given up on after retries.",
  );

  render(): string {
    return `${[
      ...this.jobs.render(),
      ...this.stageSeconds.render(),
      ...this.kubeRequests.render(),
      ...this.eventsUndelivered.render(),
    ].join("\n")}\n`;
  }
}
