import type { Ecosystem } from "../ecosystem.ts";
import type { AppView } from "../view.ts";

const COBOL_SOURCE = /\.(?:cbl|cob)$/i;

/**
 * COBOL programs compiled with GnuCOBOL (nixpacks' cobol provider): `index.cbl`, else
 * `src/index.cbl`, else the first COBOL source. There is no manifest, so it never decides the
 * build over an ecosystem that has one.
 */
export const cobolEcosystem: Ecosystem = {
  id: "cobol",
  contentFiles: [],
  detect(view) {
    const source = entry(view);
    if (!source) return null;
    return {
      language: view.finding("COBOL", "probable", source, "COBOL source"),
      dependencies: new Map(),
      packageManager: null,
      runtimeVersion: null,
      deployable: true,
      fallback: true,
      template: "cobol",
    };
  },
  commands(view) {
    const source = entry(view) ?? "index.cbl";
    const name = (source.split("/").pop() ?? "index").replace(COBOL_SOURCE, "");
    return {
      port: 8080,
      buildCommand: view.finding(
        `cobc -x -o /out/${name} ${source}`,
        "probable",
        source,
        "program",
      ),
      startCommand: view.finding(`/app/${name}`, "probable", source, "program"),
    };
  },
};

function entry(view: AppView): string | undefined {
  return (
    view.first("index.cbl", "src/index.cbl") ??
    view.files.find((file) => COBOL_SOURCE.test(file) && file.split("/").length <= 2)
  );
}
