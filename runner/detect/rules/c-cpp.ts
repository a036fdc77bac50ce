import type { Ecosystem } from "../ecosystem.ts";
import type { AppView } from "../view.ts";

/** C and C++ built with CMake or Meson (railpack's cpp provider); the binary runs as is. */
export const cppEcosystem: Ecosystem = {
  id: "cpp",
  contentFiles: ["CMakeLists.txt", "meson.build"],
  detect(view) {
    const manifest = view.first("CMakeLists.txt", "meson.build");
    const text = manifest ? view.text(manifest) : null;
    if (!manifest || text === null) return null;
    const cpp =
      view.files.some((file) => /\.(?:cpp|cc|cxx|hpp|hh)$/.test(file)) ||
      /LANGUAGES[^)]*CXX|project\([^)]*\b(?:CXX|'cpp')/.test(text) ||
      !view.files.some((file) => file.endsWith(".c"));
    const cmake = manifest === "CMakeLists.txt";
    return {
      language: view.finding(
        cpp ? "C++" : "C",
        "definite",
        manifest,
        cmake ? "CMake project" : "Meson project",
      ),
      dependencies: new Map(),
      packageManager: view.finding(cmake ? "cmake" : "meson", "definite", manifest, "build system"),
      runtimeVersion: null,
      deployable: executable(view, manifest) !== null,
      template: "cpp",
    };
  },
  commands(view) {
    const manifest = view.first("CMakeLists.txt", "meson.build") ?? "CMakeLists.txt";
    const name = executable(view, manifest) ?? "app";
    return {
      port: 8080,
      buildCommand: view.finding(
        manifest === "CMakeLists.txt"
          ? "cmake -S . -B build -DCMAKE_BUILD_TYPE=Release && cmake --build build --parallel"
          : "meson setup build --buildtype=release && meson compile -C build",
        "definite",
        manifest,
        `executable ${name}`,
      ),
      startCommand: view.finding(`/app/${name}`, "definite", manifest, `executable ${name}`),
    };
  },
};

/** The first executable target: `add_executable(name ...)` or `executable('name', ...)`. */
function executable(view: AppView, manifest: string): string | null {
  const text = view.text(manifest) ?? "";
  const match =
    manifest === "CMakeLists.txt"
      ? text.match(/add_executable\(\s*([\w.-]+)/)
      : text.match(/executable\(\s*['"]([\w.-]+)['"]/);
  const name = match?.[1];
  // ${PROJECT_NAME} and friends name the target through a variable: take the project's name.
  if (name && !name.startsWith("$")) return name;
  return text.match(/project\(\s*['"]?([\w.-]+)/)?.[1] ?? null;
}
