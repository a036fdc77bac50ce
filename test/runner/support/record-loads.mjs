// Preloaded with --import: records every module the process loads, one URL per line, to the
// file named by RECORD_LOADS_TO.
import { appendFileSync } from "node:fs";
import { registerHooks } from "node:module";

registerHooks({
  resolve(specifier, context, nextResolve) {
    const resolved = nextResolve(specifier, context);
    appendFileSync(process.env.RECORD_LOADS_TO, `${resolved.url}\n`);
    return resolved;
  },
});
