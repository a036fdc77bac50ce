import { createHash } from "node:crypto";
import type { IDeployment } from "kubernetes-models/apps/v1";
import type { IConfigMap, IService } from "kubernetes-models/v1";
import type { DeploymentSpec } from "../../worker/contracts/index.ts";
import type { Named } from "../kube/objects.ts";
import { isolationTier } from "./isolation-tier.ts";
import {
  containerResources,
  LABEL,
  podTemplateLabels,
  tenantLabels,
  tenantNamespace,
} from "./labels.ts";
import { restrictedContainerSecurity, tenantPodSettings } from "./security.ts";

/** The responder's Deployment, Service and ConfigMap: a name services may not take. */
export const SUSPENDED_RESPONDER = "suspended";
/** Its component label, which keeps it apart from the tenant's own workloads. */
export const SUSPENDED_COMPONENT = "suspended";
/** The uid the unprivileged nginx image runs as. */
const NGINX_UID = 101;
const PAGE_DIR = "/srv/suspended";

/**
 * Every path answers 503 with the operator's page; `Retry-After` tells clients and crawlers
 * the outage is temporary, `no-store` keeps the page out of caches once the tenant is back.
 */
const nginxConfig = (port: number) => `server {
  listen ${port};
  server_name _;
  error_page 503 /suspended.html;
  location = /suspended.html {
    internal;
    root ${PAGE_DIR};
    default_type text/html;
    add_header Cache-Control "no-store" always;
    add_header Retry-After "3600" always;
  }
  location / {
    return 503;
  }
}
`;

const selector = () => ({
  [LABEL.name]: SUSPENDED_RESPONDER,
  [LABEL.component]: SUSPENDED_COMPONENT,
});

export function suspendedPageConfigMap(spec: DeploymentSpec): Named<IConfigMap> {
  const { port, page } = spec.config.suspension;
  return {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: {
      name: SUSPENDED_RESPONDER,
      namespace: tenantNamespace(spec),
      labels: { ...tenantLabels(spec), ...selector() },
    },
    data: { "default.conf": nginxConfig(port), "suspended.html": page },
  };
}

/**
 * A static responder in the tenant's namespace, hardened like every tenant workload
 * (restricted, non-root, read-only root filesystem, no token). It lives there so the
 * namespace's NetworkPolicies already admit the ingress controller to it and nothing else.
 */
export function suspendedResponderDeployment(spec: DeploymentSpec): Named<IDeployment> {
  const { image, port, page } = spec.config.suspension;
  const labels = selector();
  const configChecksum = createHash("sha256").update(`${port}\n${page}`).digest("hex");
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: {
      name: SUSPENDED_RESPONDER,
      namespace: tenantNamespace(spec),
      labels: { ...tenantLabels(spec), ...labels },
    },
    spec: {
      replicas: 1,
      selector: { matchLabels: labels },
      template: {
        metadata: {
          labels: podTemplateLabels(spec, labels),
          // nginx reads its files at start: a new page rolls the pod.
          annotations: { "enclave.dev/page-checksum": configChecksum },
        },
        spec: {
          ...tenantPodSettings(),
          ...isolationTier(spec),
          containers: [
            {
              name: "responder",
              image,
              ports: [{ name: "http", containerPort: port, protocol: "TCP" }],
              readinessProbe: { tcpSocket: { port: "http" }, periodSeconds: 5 },
              resources: containerResources(spec),
              securityContext: {
                ...restrictedContainerSecurity(NGINX_UID),
                readOnlyRootFilesystem: true,
              },
              volumeMounts: [
                {
                  name: "config",
                  mountPath: "/etc/nginx/conf.d/default.conf",
                  subPath: "default.conf",
                },
                {
                  name: "config",
                  mountPath: `${PAGE_DIR}/suspended.html`,
                  subPath: "suspended.html",
                },
                { name: "tmp", mountPath: "/tmp" },
              ],
            },
          ],
          volumes: [
            { name: "config", configMap: { name: SUSPENDED_RESPONDER } },
            { name: "tmp", emptyDir: { sizeLimit: "16Mi" } },
          ],
        },
      },
    },
  };
}

export function suspendedResponderService(spec: DeploymentSpec): Named<IService> {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: {
      name: SUSPENDED_RESPONDER,
      namespace: tenantNamespace(spec),
      labels: { ...tenantLabels(spec), ...selector() },
    },
    spec: {
      type: "ClusterIP",
      selector: selector(),
      ports: [
        { name: "http", port: spec.config.suspension.port, targetPort: "http", protocol: "TCP" },
      ],
    },
  };
}
