import { rm } from "node:fs/promises";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { MockAgent } from "undici";
import { DetectionError, detect } from "../../runner/detect/index.ts";
import { directorySnapshot, openSource, resetGithubCaches } from "../../runner/sources/index.ts";
import { FIXTURES } from "../fixtures/corpus/index.ts";
import { mockGithub } from "../fixtures/github-mock.ts";
import { materialize } from "../fixtures/materialize.ts";

const ROUND_TRIP_TARGET = 2;
const LOCAL_PASSES = 5;

/** A workspace root throws `workspace_root` by design; that is still a completed detection. */
async function detectQuietly(run: () => Promise<unknown>): Promise<void> {
  await run().catch((error: unknown) => {
    if (!(error instanceof DetectionError && error.code === "workspace_root")) throw error;
  });
}

async function githubRoundTrips(): Promise<void> {
  const trips: number[] = [];
  const requests: number[] = [];
  for (const fixture of FIXTURES) {
    resetGithubCaches();
    const agent = new MockAgent();
    agent.disableNetConnect();
    mockGithub(agent, { repo: `bench/${fixture.name}`, refs: { main: fixture.files } });
    const source = await openSource(
      { type: "github", repo: `bench/${fixture.name}`, ref: "main", path: "." },
      { mode: "live", workDir: "/nonexistent", dispatcher: agent },
    );
    await detectQuietly(() => detect(source, { path: fixture.path ?? "." }));
    trips.push(source.stats?.roundTrips ?? 0);
    requests.push(source.stats?.requests ?? 0);
    await agent.close();
  }
  const max = Math.max(...trips);
  const mean = (values: number[]) => (values.reduce((a, b) => a + b, 0) / values.length).toFixed(2);
  console.log(
    `detect: GitHub sequential round trips per repository: max ${max}, mean ${mean(trips)} (target <= ${ROUND_TRIP_TARGET}) ${max <= ROUND_TRIP_TARGET ? "OK" : "OVER TARGET"}`,
  );
  console.log(
    `detect: GitHub requests per repository: mean ${mean(requests)}, max ${Math.max(...requests)} over ${FIXTURES.length} repositories`,
  );
}

async function localThroughput(): Promise<void> {
  const dirs = await Promise.all(
    FIXTURES.map((fixture) => materialize(fixture.files, "enclave-bench-")),
  );
  try {
    const started = performance.now();
    for (let pass = 0; pass < LOCAL_PASSES; pass++) {
      for (const [index, fixture] of FIXTURES.entries()) {
        await detectQuietly(() =>
          detect(directorySnapshot(dirs[index] ?? ""), { path: fixture.path ?? "." }),
        );
      }
    }
    const seconds = (performance.now() - started) / 1000;
    const count = FIXTURES.length * LOCAL_PASSES;
    console.log(
      `detect: local corpus throughput: ${(count / seconds).toFixed(0)} repositories/s (${count} detections of ${FIXTURES.length} checkouts in ${seconds.toFixed(2)} s)`,
    );
  } finally {
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  }
}

/** Prints GitHub round trips per repository and local detection throughput on the corpus. */
export async function benchDetect(): Promise<void> {
  await githubRoundTrips();
  await localThroughput();
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await benchDetect();
}
