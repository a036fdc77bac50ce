import { Certificate } from "@kubernetes-models/cert-manager/cert-manager.io/v1";
import { IngressRoute } from "@kubernetes-models/traefik/traefik.io/v1alpha1";
import { Deployment, StatefulSet } from "kubernetes-models/apps/v1";
import { CronJob, Job } from "kubernetes-models/batch/v1";
import { NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1";
import {
  ClusterRole,
  ClusterRoleBinding,
  Role,
  RoleBinding,
} from "kubernetes-models/rbac.authorization.k8s.io/v1";
import {
  ConfigMap,
  LimitRange,
  Namespace,
  ResourceQuota,
  Secret,
  Service,
  ServiceAccount,
} from "kubernetes-models/v1";

type Model = new (data: never) => { validate(): void };

const MODELS: Record<string, Model> = {
  "v1/Namespace": Namespace,
  "v1/ServiceAccount": ServiceAccount,
  "v1/ResourceQuota": ResourceQuota,
  "v1/LimitRange": LimitRange,
  "v1/Secret": Secret,
  "v1/ConfigMap": ConfigMap,
  "v1/Service": Service,
  "rbac.authorization.k8s.io/v1/Role": Role,
  "rbac.authorization.k8s.io/v1/RoleBinding": RoleBinding,
  "rbac.authorization.k8s.io/v1/ClusterRole": ClusterRole,
  "rbac.authorization.k8s.io/v1/ClusterRoleBinding": ClusterRoleBinding,
  "networking.k8s.io/v1/NetworkPolicy": NetworkPolicy,
  "apps/v1/Deployment": Deployment,
  "apps/v1/StatefulSet": StatefulSet,
  "batch/v1/Job": Job,
  "batch/v1/CronJob": CronJob,
  "traefik.io/v1alpha1/IngressRoute": IngressRoute,
  "cert-manager.io/v1/Certificate": Certificate,
};

/** Validates an object against the upstream JSON schema of its kind; throws when it does not fit. */
export function validateObject(object: { apiVersion?: string; kind?: string }): void {
  const Model = MODELS[`${object.apiVersion}/${object.kind}`];
  if (!Model) throw new Error(`no schema for ${object.apiVersion} ${object.kind}`);
  new Model(object as never).validate();
}
