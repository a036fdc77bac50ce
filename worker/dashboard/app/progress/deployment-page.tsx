import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { Link } from "wouter";
import { client, dataOf } from "../api/client.ts";
import { ErrorNotice, Loading, StatusBadge } from "../ui/states.tsx";
import { PROVISION_STAGES, ProgressView } from "./progress-view.tsx";
import { useDeploymentEvents } from "./use-deployment-events.ts";

/** One deployment, live: survives a reload (the stream replays) and a dropped connection. */
export function DeploymentPage({ id }: { id: string }) {
  const queryClient = useQueryClient();
  const deployment = useQuery({
    queryKey: ["deployment", id],
    queryFn: () => dataOf(client.GET("/v1/deployments/{id}", { params: { path: { id } } })),
  });
  const tenantId = deployment.data?.tenantId;
  const tenant = useQuery({
    queryKey: ["tenant", tenantId],
    queryFn: () =>
      dataOf(client.GET("/v1/tenants/{id}", { params: { path: { id: tenantId as string } } })),
    enabled: Boolean(tenantId),
  });
  const progress = useDeploymentEvents(id);

  useEffect(() => {
    if (!progress.finalStatus) return;
    void queryClient.invalidateQueries({ queryKey: ["deployment", id] });
    void queryClient.invalidateQueries({ queryKey: ["tenant"] });
    void queryClient.invalidateQueries({ queryKey: ["tenants"] });
  }, [progress.finalStatus, id, queryClient]);

  if (deployment.isPending) {
    return (
      <main id="main">
        <Loading what="the deployment" />
      </main>
    );
  }
  if (deployment.isError) {
    return (
      <main id="main">
        <ErrorNotice error={deployment.error} />
      </main>
    );
  }
  const stages = deployment.data.kind === "deprovision" ? ["deprovision"] : PROVISION_STAGES;
  const status = progress.finalStatus ?? deployment.data.status;
  return (
    <main id="main">
      <h1>
        {deployment.data.kind === "deprovision" ? "Deleting" : "Deploying"}{" "}
        {tenant.data?.name ?? "the tenant"} <StatusBadge status={status} />
      </h1>
      <p>
        <Link href={`/tenants/${deployment.data.tenantId}`}>Tenant details</Link>
        {deployment.data.kind === "provision" && (
          <>
            {" · "}
            <a href={`/v1/deployments/${id}/logs?format=text`}>Build log as text</a>
          </>
        )}
      </p>
      {progress.finalStatus === "ready" && tenant.data && (
        <div className="notice notice-info" role="status">
          <p>
            Ready at <a href={tenant.data.url}>{tenant.data.url}</a>
          </p>
        </div>
      )}
      <ProgressView stages={stages} progress={progress} />
    </main>
  );
}
