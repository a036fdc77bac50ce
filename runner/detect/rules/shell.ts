import type { Ecosystem } from "../ecosystem.ts";

/** Interpreters a start script may name in its shebang; anything else runs with sh. */
const SHELLS = ["bash", "zsh", "dash", "sh"];

/**
 * An app started by a `start.sh` at its root (railpack's shell provider). It decides the
 * build only when no ecosystem has a manifest.
 */
export const shellEcosystem: Ecosystem = {
  id: "shell",
  contentFiles: ["start.sh"],
  detect(view) {
    if (!view.has("start.sh")) return null;
    return {
      language: view.finding("Shell", "probable", "start.sh", "start script"),
      dependencies: new Map(),
      packageManager: null,
      runtimeVersion: null,
      deployable: true,
      fallback: true,
      template: "shell",
    };
  },
  commands(view) {
    const shebang = view.text("start.sh")?.match(/^#!\s*(\S+)(?:\s+(\S+))?/);
    const named = shebang?.[1]?.endsWith("/env") ? shebang[2] : shebang?.[1]?.split("/").pop();
    const shell = SHELLS.find((name) => name === named) ?? "sh";
    return {
      port: 8080,
      startCommand: view.finding(
        `${shell} start.sh`,
        "probable",
        "start.sh",
        shebang ? `shebang ${shebang[0]}` : "start script",
      ),
    };
  },
};
