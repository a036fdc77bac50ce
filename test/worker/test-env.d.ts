import type { D1Migration } from "@cloudflare/vitest-plugin";

declare global {
  namespace Cloudflare {
    /** Bindings only the tests have. */
    interface Env {
      TEST_MIGRATIONS?: D1Migration[];
      /** The API fuzzing's seed and cases per operation, from the environment of `npm test`. */
      FUZZ_SEED?: string;
      FUZZ_RUNS?: string;
    }
  }
}
