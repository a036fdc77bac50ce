import type { ContainerPlan, LogLine, ProxiedResponse } from "./behaviours.ts";

/**
 * Deterministic outcomes for failure paths, matched by namespace (optional) and the
 * pod's workload name (Job, Deployment, StatefulSet or bare pod; string or pattern).
 * They take precedence over image behaviours. Settable over HTTP as
 * `POST /_emulator/scripts` with the same JSON (patterns as `{"pattern": "..."}`).
 *
 * @example
 * cluster.scripts.add({ kind: "jobOutcome", workload: "build-abc", exitCode: 1, logs: ["error: no Dockerfile"] });
 * cluster.scripts.add({ kind: "crashLoop", namespace: "t-1", workload: "web" });
 * cluster.scripts.add({ kind: "httpResponse", namespace: "t-1", service: "web", path: "/healthz", status: 500 });
 */
export type Script =
  | {
      kind: "jobOutcome";
      namespace?: string;
      workload: string | RegExp;
      exitCode: number;
      logs?: LogLine[];
      terminationMessage?: string;
    }
  | {
      kind: "crashLoop";
      namespace?: string;
      workload: string | RegExp;
      exitCode?: number;
      logs?: LogLine[];
    }
  | {
      kind: "httpResponse";
      namespace?: string;
      service: string;
      path?: string | RegExp;
      status: number;
      body?: string;
    }
  | {
      kind: "notReady";
      namespace?: string;
      workload: string | RegExp;
    };

const matches = (pattern: string | RegExp | undefined, value: string) =>
  pattern === undefined || (typeof pattern === "string" ? pattern === value : pattern.test(value));

export class Scripts {
  private scripts: Script[] = [];

  /** Adds a script; returns a function that removes it. */
  add(script: Script): () => void {
    this.scripts.push(script);
    return () => {
      this.scripts = this.scripts.filter((s) => s !== script);
    };
  }

  clear(): void {
    this.scripts = [];
  }

  list(): Script[] {
    return [...this.scripts];
  }

  /** The scripted plan for a container of this workload, if any. */
  planFor(namespace: string, workload: string): ContainerPlan | undefined {
    for (const script of this.scripts) {
      if (script.kind === "httpResponse" || !matches(script.workload, workload)) continue;
      if (script.namespace && script.namespace !== namespace) continue;
      if (script.kind === "jobOutcome") {
        return {
          logs: script.logs ?? [],
          exit: {
            code: script.exitCode,
            ...(script.terminationMessage ? { terminationMessage: script.terminationMessage } : {}),
          },
        };
      }
      if (script.kind === "crashLoop") {
        return {
          logs: script.logs ?? ["fatal: simulated crash"],
          exit: { code: script.exitCode ?? 1 },
        };
      }
      return { ready: false };
    }
    return undefined;
  }

  /** A scripted answer for a request through a Service's proxy. */
  httpFor(namespace: string, service: string, path: string): ProxiedResponse | undefined {
    for (const script of this.scripts) {
      if (script.kind !== "httpResponse" || script.service !== service) continue;
      if (script.namespace && script.namespace !== namespace) continue;
      const pathOnly = path.split("?")[0] ?? path;
      if (!matches(script.path, pathOnly)) continue;
      return { status: script.status, body: script.body ?? "" };
    }
    return undefined;
  }
}

/** Turns the JSON form of a script (patterns as `{ "pattern": "..." }`) into a Script. */
export function scriptFromJson(value: unknown): Script {
  const reviveObject = (input: Record<string, unknown>) => {
    const output: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(input)) {
      const pattern = (field as { pattern?: unknown } | null)?.pattern;
      output[key] = typeof pattern === "string" ? new RegExp(pattern) : field;
    }
    return output;
  };
  if (typeof value !== "object" || value === null) throw new Error("a script must be an object");
  const script = reviveObject(value as Record<string, unknown>);
  if (!["jobOutcome", "crashLoop", "httpResponse", "notReady"].includes(String(script.kind))) {
    throw new Error(`unknown script kind ${String(script.kind)}`);
  }
  return script as Script;
}
