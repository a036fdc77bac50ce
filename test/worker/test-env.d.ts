import type { D1Migration } from "@cloudflare/vitest-plugin";

declare global {
  namespace Cloudflare {
    /** The binding only the tests have: the migrations read by the Vitest config. */
    interface Env {
      TEST_MIGRATIONS?: D1Migration[];
    }
  }
}
