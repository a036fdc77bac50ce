/**
 * V8 flags the runner runs with. On a machine with plenty of memory V8 sizes its young
 * generation and heap generously and collects lazily, so a burst of jobs shows as a peak of
 * garbage rather than of live data. The runner's live set is small (tens of MB beyond the
 * Kubernetes client's code), so a 2 MB semi-space and a 192 MB old-space bound keep its
 * resident memory within a 256 Mi container limit under 100 concurrent tenants. A production
 * Deployment starts it the same way: `node --max-semi-space-size=2 --max-old-space-size=192
 * runner/main.ts`.
 */
export const RUNNER_NODE_FLAGS = ["--max-semi-space-size=2", "--max-old-space-size=192"];

/** The container memory limit the flags above are sized for. */
export const RUNNER_MEMORY_LIMIT = "256Mi";
