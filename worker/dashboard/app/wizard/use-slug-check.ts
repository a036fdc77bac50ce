import { useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { dryRun } from "../api/dry-run.ts";
import { ApiProblem } from "../api/problem.ts";
import type { DryRun } from "../api/types.ts";

/** Waits for typing to pause before checking. */
const SETTLE_MS = 400;

export type SlugCheck =
  | { state: "idle" | "checking" }
  | { state: "available"; plan: string; quota: DryRun["plan"]["quota"] }
  | { state: "refused"; message: string };

/**
 * Whether the slug is free and what the plan includes, asked of the dry run with a stand-in
 * service while the user types: the answer comes from the same checks the create runs.
 */
export function useSlugCheck(slug: string, plan: string): SlugCheck {
  const [settled, setSettled] = useState(slug);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(slug), SETTLE_MS);
    return () => clearTimeout(timer);
  }, [slug]);
  const check = useQuery({
    queryKey: ["slug-check", settled, plan],
    enabled: settled.length > 0,
    retry: false,
    queryFn: () =>
      dryRun({
        name: settled,
        slug: settled,
        ...(plan ? { plan } : {}),
        services: [{ name: "probe", source: { type: "image", image: "probe" }, port: 80 }],
      }),
  });
  if (!settled || settled !== slug) return { state: slug ? "checking" : "idle" };
  if (check.isPending) return { state: "checking" };
  if (check.data) {
    return { state: "available", plan: check.data.plan.name, quota: check.data.plan.quota };
  }
  const error = check.error;
  if (error instanceof ApiProblem) {
    const message = error.code === "slug_taken" ? "is already taken" : error.forField("slug");
    if (message) return { state: "refused", message };
    const planMessage = error.forField("plan");
    if (planMessage) return { state: "refused", message: `plan ${planMessage}` };
  }
  return { state: "idle" };
}
