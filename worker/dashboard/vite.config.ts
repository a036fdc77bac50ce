import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * The dashboard is built into static assets the Worker serves (`[assets]` in wrangler.toml).
 * Everything it loads is bundled: no CDN at run time, nothing inline, so the strict
 * Content-Security-Policy the Worker sends holds.
 */
export default defineConfig({
  root: here("./app"),
  base: "/",
  publicDir: false,
  logLevel: "warn",
  build: {
    outDir: here("./dist"),
    emptyOutDir: true,
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    sourcemap: false,
    rolldownOptions: {
      // Libraries mark React server/client boundaries; a client-only bundle has none.
      onwarn(warning, warn) {
        if (warning.code !== "MODULE_LEVEL_DIRECTIVE") warn(warning);
      },
    },
  },
});
