/**
 * The pipeline's stages in the order they run. Plain data with no schema library, so that the
 * dashboard's bundle can show the same list the runner reports.
 */
export const STAGES = [
  "namespace",
  "detect",
  "generate",
  "build",
  "release",
  "deploy",
  "route",
  "health",
  "deprovision",
  "backup",
  "restore",
] as const;

/**
 * The stages a provision or redeploy goes through, in order; a deletion has only deprovision,
 * a database backup or restore only its own.
 */
export const PROVISION_STAGES = STAGES.filter(
  (stage) => stage !== "deprovision" && stage !== "backup" && stage !== "restore",
);
