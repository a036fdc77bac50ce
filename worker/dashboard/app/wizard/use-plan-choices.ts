import { useQuery } from "@tanstack/react-query";
import { client, dataOf } from "../api/client.ts";
import { type PlanChoice, planChoices } from "./plan-choices.ts";

export type PlanChoices =
  | { state: "loading" }
  | { state: "failed"; error: unknown; retry: () => void }
  | { state: "ready"; choices: PlanChoice[]; preselected: string };

/**
 * The plans of `GET /v1/plans`, with the organization's default tenant plan preselected. The
 * organization is only for the preselection: without it the platform's default is preselected.
 */
export function usePlanChoices(): PlanChoices {
  const plans = useQuery({
    queryKey: ["plans"],
    queryFn: () => dataOf(client.GET("/v1/plans")),
  });
  const organization = useQuery({
    queryKey: ["organization"],
    queryFn: () => dataOf(client.GET("/v1/organization")),
  });
  if (plans.isError) return { state: "failed", error: plans.error, retry: () => plans.refetch() };
  if (plans.isPending || organization.isPending) return { state: "loading" };
  return { state: "ready", ...planChoices(plans.data.data, organization.data) };
}
