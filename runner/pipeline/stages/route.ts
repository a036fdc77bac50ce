import { certificateManifest, ingressRouteManifest, tenantHosts } from "../../manifests/routing.ts";
import type { JobContext } from "../context.ts";
import { runStage } from "../stage.ts";

export function route(ctx: JobContext): Promise<string> {
  const { spec, deps } = ctx;
  return runStage(ctx, "route", "routing the tenant's domains", async () => {
    const hosts = tenantHosts(spec);
    await Promise.all([
      deps.kube.apply(ingressRouteManifest(spec)),
      deps.kube.apply(certificateManifest(spec)),
    ]);
    ctx.log("route", `certificate requested from ${spec.config.cluster.clusterIssuer}`);
    const url = `https://${hosts[0]}`;
    return { result: url, summary: `routed ${hosts.join(", ")}`, data: { url, hosts } };
  });
}
