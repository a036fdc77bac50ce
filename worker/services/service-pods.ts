import type { PlanQuota } from "../contracts/index.ts";

interface PodShape {
  kind: "web" | "worker" | "cron";
  replicas?: number | null | undefined;
}

/**
 * Pods each service holds at most under `plan`: its own replicas once scaled, else the plan's;
 * a cron service one, for the run in progress.
 */
export const servicePods = (plan: PlanQuota | undefined, services: PodShape[]): number[] =>
  services.map((service) =>
    service.kind === "cron" ? 1 : (service.replicas ?? plan?.replicas ?? 1),
  );
