import type { Ecosystem } from "../ecosystem.ts";
import type { AppView } from "../view.ts";

/** `(program NAME ...)` in an egg's `components`: the executable the egg builds. */
const EGG_PROGRAM = /\(\s*program\s+([A-Za-z0-9_-]+)/;

/**
 * Scheme programs built with CHICKEN 5 (Debian's `chicken-bin`): an egg (`*.egg`, CHICKEN's
 * package file) whose components include a `program` is installed with `chicken-install`,
 * fetching the eggs it depends on, and its program is run; without an egg a `main.scm` is
 * compiled with `csc`, but only when no ecosystem has a manifest. The program name is the
 * egg's own, never a shell word: the pattern allows only letters, digits, `_` and `-`.
 */
export const schemeEcosystem: Ecosystem = {
  id: "scheme",
  contentFiles: ["*.egg"],
  detect(view) {
    const egg = view.topLevel(".egg")[0];
    if (egg) {
      return {
        language: view.finding("Scheme", "definite", egg, "CHICKEN egg"),
        dependencies: new Map(),
        packageManager: view.finding("chicken-install", "definite", egg, "CHICKEN egg"),
        runtimeVersion: null,
        deployable: eggProgram(view, egg) !== undefined,
        template: "scheme",
      };
    }
    if (!view.has("main.scm")) return null;
    return {
      language: view.finding("Scheme", "probable", "main.scm", "Scheme source"),
      dependencies: new Map(),
      packageManager: null,
      runtimeVersion: null,
      deployable: true,
      fallback: true,
      template: "scheme",
    };
  },
  commands(view) {
    const egg = view.topLevel(".egg")[0];
    const program = egg ? eggProgram(view, egg) : undefined;
    if (egg && program) {
      return {
        port: 8080,
        buildCommand: view.finding(
          `chicken-install && cp "$(command -v ${program})" /out/${program}`,
          "definite",
          egg,
          `program ${program}`,
        ),
        startCommand: view.finding(`/app/${program}`, "definite", egg, `program ${program}`),
      };
    }
    return {
      port: 8080,
      buildCommand: view.finding(
        "csc -O2 main.scm -o /out/main",
        "probable",
        "main.scm",
        "program",
      ),
      startCommand: view.finding("/app/main", "probable", "main.scm", "program"),
    };
  },
};

function eggProgram(view: AppView, egg: string): string | undefined {
  return EGG_PROGRAM.exec(view.text(egg) ?? "")?.[1];
}
