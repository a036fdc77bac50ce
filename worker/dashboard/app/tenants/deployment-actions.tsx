import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useLocation } from "wouter";
import { client, dataOf } from "../api/client.ts";
import type { Deployment } from "../api/types.ts";
import { ErrorNotice } from "../ui/states.tsx";

/**
 * What one row of the deployment history offers: an earlier ready deployment can be rolled
 * back to (its images run again, without a build), a queued or running one can be cancelled.
 */
export function DeploymentActions({
  deployment,
  servingId,
}: {
  deployment: Deployment;
  servingId: string | undefined;
}) {
  const [, navigate] = useLocation();
  const queryClient = useQueryClient();
  const path = { params: { path: { id: deployment.id } } };
  const rollback = useMutation({
    mutationFn: () => dataOf(client.POST("/v1/deployments/{id}/rollback", path)),
    onSuccess: (operation) => navigate(`/deployments/${operation.deployment.id}`),
  });
  const cancel = useMutation({
    mutationFn: () => dataOf(client.POST("/v1/deployments/{id}/cancel", path)),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["tenant", deployment.tenantId] }),
  });
  const canRollBack =
    deployment.kind === "provision" && deployment.status === "ready" && deployment.id !== servingId;
  const canCancel = deployment.status === "queued" || deployment.status === "running";
  return (
    <>
      {canRollBack && (
        <button
          type="button"
          className="secondary"
          aria-label={`Roll back to this: ${deployment.id}`}
          onClick={() => rollback.mutate()}
          disabled={rollback.isPending}
        >
          Roll back to this
        </button>
      )}
      {canCancel && (
        <button
          type="button"
          className="danger"
          aria-label={`Cancel ${deployment.id}`}
          onClick={() => cancel.mutate()}
          disabled={cancel.isPending}
        >
          Cancel
        </button>
      )}
      {deployment.id === servingId && <span className="hint">serving</span>}
      <ErrorNotice error={rollback.error ?? cancel.error} />
    </>
  );
}
