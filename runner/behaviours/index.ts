import type { EmbeddedCluster } from "../cluster/index.ts";
import { simulatedBackupTransfer } from "./backup.ts";
import { simulatedBuildah, simulatedGitClone } from "./build.ts";
import { simulatedSuspendedPage } from "./suspended-page.ts";

/** Any Buildah image, whichever registry mirror or tag the operator configured. */
const BUILDAH_IMAGE = /(^|\/)buildah(\/|:|@|$)/;
const GIT_IMAGE = /(^|\/)git(:|@|$)/;
/** The backup Jobs' transfer image (`backups.toolImage`, an image with openssl and curl). */
const BACKUP_TOOL_IMAGE = /(^|\/)curl(:|@|$)/;
/** The suspended page's default responder image. */
const RESPONDER_IMAGE = /(^|\/)nginx-unprivileged(:|@|$)/;

/** Teaches the embedded cluster what Enclave's own images do; app images keep the defaults. */
export function registerEnclaveBehaviours(cluster: Pick<EmbeddedCluster, "behaviours">): void {
  cluster.behaviours.register({ image: BUILDAH_IMAGE }, simulatedBuildah);
  cluster.behaviours.register({ image: GIT_IMAGE }, simulatedGitClone);
  cluster.behaviours.register({ image: BACKUP_TOOL_IMAGE }, simulatedBackupTransfer);
  cluster.behaviours.register({ image: RESPONDER_IMAGE }, simulatedSuspendedPage);
}
