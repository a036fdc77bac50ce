import { fileURLToPath } from "node:url";
import { cloudflareTest, type D1Migration, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";
import type { TestCase, TestModule, TestSuite } from "vitest/node";
import { ensureDashboardBuilt } from "../worker/dashboard/build/ensure-built.ts";
import WholeStackSpread from "./sequencer.ts";

const root = fileURLToPath(new URL("..", import.meta.url));

/** The Worker in workerd with its real bindings, local D1, Queues and Durable Objects. */
const workerRuntime = (migrations: D1Migration[]) =>
  cloudflareTest({
    wrangler: { configPath: `${root}/wrangler.toml` },
    // The deployed Worker with the Queues' background deliveries dropped (see the file).
    main: `${root}/test/worker/runtime-entry.ts`,
    miniflare: {
      // A closed door for anything outbound that a test has not mocked.
      outboundService: () => new Response("no network in tests", { status: 503 }),
      bindings: {
        TEST_MIGRATIONS: migrations,
        FUZZ_SEED: process.env.FUZZ_SEED ?? "",
        FUZZ_RUNS: process.env.FUZZ_RUNS ?? "",
        ENCLAVE_MODE: "local",
        // Nothing listens on port 1: jobs the tests queue never reach a runner that
        // happens to run on this machine (tests that dispatch mock the runner).
        RUNNER_URL: "http://127.0.0.1:1",
        JOB_TOKEN_SECRET: "test-job-token-secret-0123456789abcdef",
        RUNNER_TOKEN_SECRET: "test-runner-token-secret-0123456789abcdef",
        ENCRYPTION_KEYS: JSON.stringify({
          k1: "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
        }),
        ENCRYPTION_KEY_ID: "k1",
        OPERATOR_TOKEN: "test-operator-token-0123456789abcdef",
        // Usage reports go to the limiter at once, so that a request's background
        // work ends with it; test/worker/usage/report-spacing.test.ts tests spacing.
        USAGE_REPORT_SPACING_MS: "0",
      },
    },
  });

export default defineConfig(async () => {
  // The Worker serves the built dashboard (wrangler.toml [assets]); tests need it present.
  ensureDashboardBuilt();
  const migrations = await readD1Migrations(`${root}/migrations`);
  return {
    test: {
      reporters: ["default", `${root}/test/reporters/closing-line.ts`],
      // Four files at a time, not vitest's default of cores - 1 (one file on a 2-core machine):
      // most test time is waiting on processes and sockets, not computing. The whole-stack
      // files take turns among themselves (test/setup/whole-stack-turn.ts), spread through the queue.
      maxWorkers: 4,
      sequence: { sequencer: WholeStackSpread },
      // The API fuzzing sends thousands of requests; the Worker's log line for each would bury
      // the results (its own summary line stays).
      onConsoleLog: (log: string, _type: string, entity?: TestModule | TestSuite | TestCase) => {
        const file = entity?.type === "module" ? entity.moduleId : entity?.module.moduleId;
        return !file?.includes("/test/worker/fuzz/") || log.startsWith("API fuzzing");
      },
      projects: [
        {
          // One runtime per worker, shared by the files it runs in turn: starting workerd and
          // loading the Worker's modules for each file was most of this project's time. Each
          // file still starts from empty storage (test/worker/setup.ts).
          plugins: [workerRuntime(migrations)],
          test: {
            name: "worker",
            root,
            include: ["test/worker/**/*.test.ts"],
            isolate: false,
            restoreMocks: true,
            unstubGlobals: true,
            setupFiles: ["test/worker/setup.ts"],
          },
        },
        {
          test: {
            name: "node",
            root,
            environment: "node",
            include: ["test/{runner,cluster,detect,cli,dashboard}/**/*.test.ts"],
            testTimeout: 30_000,
            hookTimeout: 60_000,
          },
        },
        {
          test: {
            name: "e2e",
            root,
            environment: "node",
            include: ["test/e2e/**/*.test.ts"],
            setupFiles: ["test/setup/whole-stack-turn.ts"],
            testTimeout: 120_000,
            hookTimeout: 180_000,
          },
        },
        {
          test: {
            name: "reliability",
            root,
            environment: "node",
            include: ["test/reliability/**/*.test.ts"],
            setupFiles: ["test/setup/whole-stack-turn.ts"],
            testTimeout: 240_000,
            hookTimeout: 240_000,
          },
        },
      ],
    },
  };
});
