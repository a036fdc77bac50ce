import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * The dashboard is built into three files the Worker bundles as text and serves itself
 * (worker/dashboard/serve.ts): the page, one script and one stylesheet, under fixed names so
 * that the Worker can import them (they are revalidated by ETag rather than renamed by content).
 * Everything the dashboard loads is bundled: no CDN at run time, nothing inline, so the strict
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
    cssCodeSplit: false,
    rolldownOptions: {
      output: {
        codeSplitting: false,
        entryFileNames: "assets/dashboard.js",
        assetFileNames: "assets/dashboard[extname]",
      },
      // Libraries mark React server/client boundaries; a client-only bundle has none.
      onwarn(warning, warn) {
        if (warning.code !== "MODULE_LEVEL_DIRECTIVE") warn(warning);
      },
    },
  },
});
