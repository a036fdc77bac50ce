import { createHash } from "node:crypto";
import type { IJob } from "kubernetes-models/batch/v1";
import type { IConfigMap, INamespace } from "kubernetes-models/v1";
import type {
  DeploymentSpec,
  PlatformConfig,
  ServiceSource,
  SpecService,
} from "../../worker/contracts/index.ts";
import type { Named } from "../kube/objects.ts";
import {
  type BuildCredentials,
  buildCredentialsSecretManifest,
  GIT_AUTHORIZATION_KEY,
  REGISTRY_AUTH_KEY,
} from "./build-credentials.ts";
import { LABEL, MANAGED_BY, tenantLabels } from "./labels.ts";
import { podSecurityLabels } from "./security.ts";

export const BUILD_CONTAINER = "build";
export const CLONE_CONTAINER = "clone";
const WORKSPACE = "/workspace";
const DOCKERFILE_DIR = "/enclave/dockerfile";
const REGISTRY_AUTH_DIR = "/enclave/registry-auth";

/**
 * Builds and pushes rootless with chroot isolation and the vfs driver (no fuse, no user
 * namespaces needed from the node). Each build pod starts with empty storage, so the layer
 * cache lives in the registry: `--layers` keeps every instruction's layer, `--cache-from`
 * pulls the tenant's earlier ones and `--cache-to` pushes the new ones. The digest goes to the
 * termination message, where the runner reads it back from the pod status. Values arrive as
 * env vars, never spliced into the script. No `--build-arg` is passed (the build key relies on
 * it: runner/builds/build-key.ts).
 */
const BUILD_SCRIPT = [
  "set -eu",
  `buildah build --isolation chroot --storage-driver vfs --layers --cache-from "$CACHE_REPOSITORY" --cache-to "$CACHE_REPOSITORY" --file ${DOCKERFILE_DIR}/Dockerfile --tag "$IMAGE" "${WORKSPACE}/src/$CONTEXT_PATH"`,
  'buildah push --storage-driver vfs --digestfile /tmp/digest "$IMAGE"',
  "cat /tmp/digest > /dev/termination-log",
].join("\n");

/**
 * Fetches exactly one commit (or ref) shallowly: `git clone --branch` cannot take a commit id,
 * and the build must use the commit detection read, not whatever the branch points to now.
 */
const CLONE_SCRIPT = [
  "set -eu",
  `git init -q "${WORKSPACE}/src"`,
  `cd "${WORKSPACE}/src"`,
  'git fetch --depth=1 --no-tags -- "$SOURCE_URL" "$SOURCE_REF"',
  "git -c advice.detachedHead=false checkout -q FETCH_HEAD",
].join("\n");

/** `ref` is the commit detection resolved, so a branch that moves meanwhile changes nothing. */
export type GitCheckout = { url: string; ref: string; path: string };

const FULL_COMMIT = /^[0-9a-f]{40}$/;

/**
 * What the build clones: the commit `revision` when the source was resolved to one, else the
 * source's ref (the remote's default branch, `HEAD`, when it names none); the context is `path`
 * when detection resolved one (a workspace's app), else the source's.
 */
export function checkoutOf(
  source: ServiceSource,
  revision?: string,
  path?: string,
): GitCheckout | null {
  if (source.type === "image") return null;
  const ref = revision && FULL_COMMIT.test(revision) ? revision : (source.ref ?? "HEAD");
  const url = source.type === "git" ? source.url : `https://github.com/${source.repo}.git`;
  return { url, ref, path: path ?? source.path };
}

export interface BuildInput {
  service: SpecService;
  checkout: GitCheckout;
  dockerfile: string;
  /** The tenant's credentials the build uses, from a Secret named like the Job. */
  credentials?: BuildCredentials | null;
}

/**
 * Deterministic per deployment and service: a rerun of the job, in any attempt, finds the
 * build it already started (or finished) instead of starting a second one.
 */
export function buildName(spec: DeploymentSpec, service: Pick<SpecService, "name">): string {
  const key = `${spec.deployment.id}/${service.name}`;
  const hash = createHash("sha256").update(key).digest("hex").slice(0, 12);
  return `build-${service.name.slice(0, 43)}-${hash}`;
}

/** Where the image goes: `<registry>/<tenant>/<service>`, tagged with the deployment. */
export function imageRepository(spec: DeploymentSpec, service: Pick<SpecService, "name">): string {
  return `${spec.config.cluster.registry}/${spec.tenant.id}/${service.name}`;
}

/** Registry API names leave out the registry host. */
const withoutHost = (image: string) => image.slice(image.indexOf("/") + 1);

/** The same repository as the registry's API names it: without the registry host. */
export function repositoryName(spec: DeploymentSpec, service: Pick<SpecService, "name">): string {
  return withoutHost(imageRepository(spec, service));
}

/**
 * The tenant's layer cache, shared by its services' builds. It lives outside
 * `<registry>/<tenant>/`, where a service may have any name, `cache` included.
 */
export function cacheRepository(spec: Pick<DeploymentSpec, "config" | "tenant">): string {
  return `${spec.config.cluster.registry}/build-cache/${spec.tenant.id}/cache`;
}

export function cacheRepositoryName(spec: Pick<DeploymentSpec, "config" | "tenant">): string {
  return withoutHost(cacheRepository(spec));
}

function buildLabels(spec: DeploymentSpec, service: SpecService) {
  return { ...tenantLabels(spec), [LABEL.service]: service.name, [LABEL.component]: "build" };
}

/**
 * Builds need what tenant namespaces forbid (SETUID/SETGID for rootless user mapping), so they
 * run apart, under `baseline` Pod Security rather than `restricted`.
 */
export function buildNamespaceManifest(
  cluster: Pick<PlatformConfig["cluster"], "buildNamespace">,
): Named<INamespace> {
  return {
    apiVersion: "v1",
    kind: "Namespace",
    metadata: {
      name: cluster.buildNamespace,
      labels: { [LABEL.managedBy]: MANAGED_BY, ...podSecurityLabels("baseline") },
    },
  };
}

/** With `owner` (the Job), the ConfigMap is garbage-collected together with its Job. */
export function dockerfileConfigMapManifest(
  spec: DeploymentSpec,
  input: BuildInput,
  owner?: { name: string; uid: string },
): Named<IConfigMap> {
  return {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: {
      name: buildName(spec, input.service),
      namespace: spec.config.cluster.buildNamespace,
      labels: buildLabels(spec, input.service),
      ...(owner
        ? {
            ownerReferences: [
              { apiVersion: "batch/v1", kind: "Job", name: owner.name, uid: owner.uid },
            ],
          }
        : {}),
    },
    data: { Dockerfile: input.dockerfile },
  };
}

/** The build's credentials Secret, owned by its Job; null when it uses none. */
export function buildCredentialsManifest(
  spec: DeploymentSpec,
  input: BuildInput,
  owner: { name: string; uid: string },
) {
  if (!input.credentials) return null;
  return buildCredentialsSecretManifest(
    buildName(spec, input.service),
    spec.config.cluster.buildNamespace,
    buildLabels(spec, input.service),
    input.credentials,
    owner,
  );
}

/**
 * The clone sends the git token as an `http.extraHeader` from git's environment config, and
 * Buildah pulls base images with the registry logins: both read from the Secret, so neither
 * value is in the Job's spec.
 */
function credentialSettings(name: string, credentials: BuildCredentials | null | undefined) {
  const fromSecret = (key: string) => ({ secretKeyRef: { name, key } });
  return {
    cloneEnv: credentials?.gitAuthorization
      ? [
          { name: "GIT_CONFIG_COUNT", value: "1" },
          { name: "GIT_CONFIG_KEY_0", value: "http.extraHeader" },
          { name: "GIT_CONFIG_VALUE_0", valueFrom: fromSecret(GIT_AUTHORIZATION_KEY) },
        ]
      : [],
    buildEnv: credentials?.registryAuth
      ? [{ name: "REGISTRY_AUTH_FILE", value: `${REGISTRY_AUTH_DIR}/${REGISTRY_AUTH_KEY}` }]
      : [],
    buildMounts: credentials?.registryAuth
      ? [{ name: "registry-auth", mountPath: REGISTRY_AUTH_DIR, readOnly: true }]
      : [],
    volumes: credentials?.registryAuth
      ? [
          {
            name: "registry-auth",
            secret: {
              secretName: name,
              items: [{ key: REGISTRY_AUTH_KEY, path: REGISTRY_AUTH_KEY }],
            },
          },
        ]
      : [],
  };
}

export function buildJobManifest(spec: DeploymentSpec, input: BuildInput): Named<IJob> {
  const { cluster, timeouts } = spec.config;
  const name = buildName(spec, input.service);
  const secrets = credentialSettings(name, input.credentials);
  const labels = buildLabels(spec, input.service);
  const image = `${imageRepository(spec, input.service)}:${spec.deployment.id.replace("_", "-")}`;
  const unprivileged = { runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000 };
  return {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: { name, namespace: cluster.buildNamespace, labels },
    spec: {
      backoffLimit: 0,
      activeDeadlineSeconds: timeouts.buildSeconds,
      ttlSecondsAfterFinished: timeouts.buildJobTtlSeconds,
      template: {
        metadata: { labels: { ...labels, [LABEL.build]: name } },
        spec: {
          restartPolicy: "Never",
          automountServiceAccountToken: false,
          enableServiceLinks: false,
          initContainers: [
            {
              name: CLONE_CONTAINER,
              image: cluster.gitImage,
              command: ["sh", "-c", CLONE_SCRIPT],
              env: [
                { name: "SOURCE_URL", value: input.checkout.url },
                { name: "SOURCE_REF", value: input.checkout.ref },
                ...secrets.cloneEnv,
              ],
              volumeMounts: [{ name: "workspace", mountPath: WORKSPACE }],
              securityContext: {
                ...unprivileged,
                allowPrivilegeEscalation: false,
                capabilities: { drop: ["ALL"] },
                seccompProfile: { type: "RuntimeDefault" },
              },
            },
          ],
          containers: [
            {
              name: BUILD_CONTAINER,
              image: cluster.buildImage,
              command: ["sh", "-c", BUILD_SCRIPT],
              env: [
                { name: "IMAGE", value: image },
                { name: "CACHE_REPOSITORY", value: cacheRepository(spec) },
                { name: "CONTEXT_PATH", value: input.checkout.path },
                { name: "SOURCE_URL", value: input.checkout.url },
                { name: "SOURCE_REF", value: input.checkout.ref },
                {
                  name: "DOCKERFILE_SHA256",
                  value: createHash("sha256").update(input.dockerfile).digest("hex"),
                },
                { name: "BUILDAH_ISOLATION", value: "chroot" },
                ...secrets.buildEnv,
              ],
              terminationMessagePolicy: "File",
              volumeMounts: [
                { name: "workspace", mountPath: WORKSPACE },
                { name: "dockerfile", mountPath: DOCKERFILE_DIR, readOnly: true },
                ...secrets.buildMounts,
              ],
              // Rootless Buildah maps users with the setuid newuidmap/newgidmap helpers.
              securityContext: {
                ...unprivileged,
                allowPrivilegeEscalation: true,
                capabilities: { drop: ["ALL"], add: ["SETUID", "SETGID"] },
              },
            },
          ],
          volumes: [
            { name: "workspace", emptyDir: {} },
            { name: "dockerfile", configMap: { name } },
            ...secrets.volumes,
          ],
        },
      },
    },
  };
}
