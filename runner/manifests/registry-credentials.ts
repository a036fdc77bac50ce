import type { ISecret } from "kubernetes-models/v1";
import type { DeploymentSpec, SpecCredential } from "../../worker/contracts/index.ts";
import type { Named } from "../kube/objects.ts";
import { tenantLabels, tenantNamespace } from "./labels.ts";

/** The tenant's image registry logins, as `imagePullSecrets` of its `image` services. */
export const REGISTRY_CREDENTIALS_SECRET = "registry-credentials";

type RegistryCredential = Extract<SpecCredential, { kind: "registry" }>;

export const registryCredentialsOf = (spec: Pick<DeploymentSpec, "credentials">) =>
  spec.credentials.filter((c): c is RegistryCredential => c.kind === "registry");

/** A Docker config.json: what kubelets and Buildah (`REGISTRY_AUTH_FILE`) read. */
export function dockerConfigJson(registries: RegistryCredential[]): string {
  const auths: Record<string, { username: string; password: string; auth: string }> = {};
  for (const { server, username, password } of registries) {
    const auth = Buffer.from(`${username}:${password}`, "utf8").toString("base64");
    auths[server] = { username, password, auth };
  }
  return JSON.stringify({ auths });
}

/** Null when the tenant has no registry credential: nothing to pull with. */
export function registryCredentialsSecretManifest(spec: DeploymentSpec): Named<ISecret> | null {
  const registries = registryCredentialsOf(spec);
  if (registries.length === 0) return null;
  return {
    apiVersion: "v1",
    kind: "Secret",
    metadata: {
      name: REGISTRY_CREDENTIALS_SECRET,
      namespace: tenantNamespace(spec),
      labels: tenantLabels(spec),
    },
    type: "kubernetes.io/dockerconfigjson",
    data: {
      ".dockerconfigjson": Buffer.from(dockerConfigJson(registries), "utf8").toString("base64"),
    },
  };
}
