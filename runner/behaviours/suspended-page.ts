import { type ContainerBehaviour, defaultBehaviour } from "../cluster/index.ts";
import { LABEL } from "../manifests/labels.ts";
import { SUSPENDED_COMPONENT } from "../manifests/suspended-responder.ts";

/**
 * The embedded cluster's stand-in for a suspended tenant's responder: it answers every path
 * with 503, as the nginx configuration does. The page itself is in the ConfigMap that nginx
 * would serve, which a simulated container cannot read. Other pods on the same image (an app
 * built on nginx) keep the default behaviour.
 */
export const simulatedSuspendedPage: ContainerBehaviour = (pod, container, context) => {
  const labels = (pod.metadata as { labels?: Record<string, string> } | undefined)?.labels;
  if (labels?.[LABEL.component] !== SUSPENDED_COMPONENT) {
    return defaultBehaviour(pod, container, context);
  }
  return {
    logs: ["suspended page responder (simulated): every path answers 503"],
    http: () => ({
      status: 503,
      headers: { "content-type": "text/html", "retry-after": "3600" },
      body: "simulated suspended page (embedded cluster): this service is suspended\n",
    }),
  };
};
