import type { ISecret } from "kubernetes-models/v1";
import type { DeploymentSpec, SpecService } from "../../worker/contracts/index.ts";
import type { Named } from "../kube/objects.ts";
import { sourceCredentials } from "../sources/source-credentials.ts";
import { dockerConfigJson, registryCredentialsOf } from "./registry-credentials.ts";

/** What a build is given of the tenant's credentials, in a Secret owned by its Job. */
export interface BuildCredentials {
  /** The `http.extraHeader` the clone sends: the source's git token as Basic auth. */
  gitAuthorization?: string;
  /** A Docker config.json of the tenant's registry logins, for pulling base images. */
  registryAuth?: string;
}

export const GIT_AUTHORIZATION_KEY = "git-authorization";
export const REGISTRY_AUTH_KEY = "registry-auth.json";

/** Null when the build needs none: no token for its source and no registry login. */
export function buildCredentials(
  spec: DeploymentSpec,
  service: SpecService,
): BuildCredentials | null {
  const { gitToken, githubToken } = sourceCredentials(spec.credentials, service.source);
  const token = gitToken ?? githubToken;
  const registries = registryCredentialsOf(spec);
  if (!token && registries.length === 0) return null;
  return {
    ...(token
      ? {
          gitAuthorization: `Authorization: Basic ${Buffer.from(`x-access-token:${token}`).toString("base64")}`,
        }
      : {}),
    ...(registries.length > 0 ? { registryAuth: dockerConfigJson(registries) } : {}),
  };
}

/** Named like the build's Job, and garbage-collected with it through `owner`. */
export function buildCredentialsSecretManifest(
  name: string,
  namespace: string,
  labels: Record<string, string>,
  credentials: BuildCredentials,
  owner: { name: string; uid: string },
): Named<ISecret> {
  const data: Record<string, string> = {};
  if (credentials.gitAuthorization) {
    data[GIT_AUTHORIZATION_KEY] = Buffer.from(credentials.gitAuthorization).toString("base64");
  }
  if (credentials.registryAuth) {
    data[REGISTRY_AUTH_KEY] = Buffer.from(credentials.registryAuth).toString("base64");
  }
  return {
    apiVersion: "v1",
    kind: "Secret",
    metadata: {
      name,
      namespace,
      labels,
      ownerReferences: [{ apiVersion: "batch/v1", kind: "Job", name: owner.name, uid: owner.uid }],
    },
    type: "Opaque",
    data,
  };
}
