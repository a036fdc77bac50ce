import { createHash } from "node:crypto";

const FULL_COMMIT = /^[0-9a-f]{40}$/;

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** Where a build's Dockerfile came from: the repository's own, or a template and its values. */
export type DockerfileOrigin =
  | { kind: "repository"; content: string }
  | { kind: "template"; name: string; version: string; variables: Record<string, string> };

/** Everything that decides what a build of one service produces. */
export interface BuildInputs {
  /** `<registry>/<tenant>/<service>`: a build is only ever reused by the same tenant and service. */
  repository: string;
  /** The URL the build clones. */
  source: string;
  /** The commit detection resolved; only a full commit id pins what is built. */
  commit: string;
  /** The build context inside the repository, as detection resolved it. */
  path: string;
  dockerfile: DockerfileOrigin;
  /** The final stage's base image as written, null when it cannot be read. */
  baseImage: string | null;
}

const sorted = (record: Record<string, string>) =>
  Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

/**
 * The hash of a build's inputs: two builds with the same key build the same image, so the
 * later one can take the earlier one's digest. Null when the source is not a commit (a local
 * working tree changes under the same name), which is never reused. A repository Dockerfile
 * enters by its content hash; a generated one by its template's name and version and the values
 * rendered into it. The build Job passes Buildah no `--build-arg` (runner/manifests/build.ts):
 * one added there must join this key.
 */
export function buildKey(inputs: BuildInputs): string | null {
  if (!FULL_COMMIT.test(inputs.commit)) return null;
  const { dockerfile } = inputs;
  const canonical = JSON.stringify([
    "enclave-build/1",
    inputs.repository,
    inputs.source,
    inputs.commit,
    inputs.path,
    dockerfile.kind === "repository"
      ? { repository: sha256(dockerfile.content) }
      : {
          template: dockerfile.name,
          version: dockerfile.version,
          variables: sorted(dockerfile.variables),
        },
    inputs.baseImage,
  ]);
  return sha256(canonical);
}
