import type { DetectionRuleInput } from "../../../worker/contracts/detection.ts";
import { dependenciesMatching, type Ecosystem, majorVersion } from "../ecosystem.ts";
import { pinnedToolVersion } from "../tool-versions.ts";

const DEFAULT_GO = "1.23";

export const goEcosystem: Ecosystem = {
  id: "go",
  contentFiles: ["go.mod"],
  detect(view) {
    const goMod = view.text("go.mod");
    const pinned = pinnedToolVersion(view, ["golang", "go"], 2);
    if (goMod === null) {
      if (view.has("go.work") && !view.has("main.go")) {
        return {
          language: view.finding("Go", "definite", "go.work", "Go workspace"),
          dependencies: new Map(),
          packageManager: view.finding("go modules", "definite", "go.work", "Go workspace"),
          runtimeVersion: pinned,
          deployable: false,
          template: "go",
        };
      }
      // A lone main.go builds without a module, as `go build main.go`.
      if (!view.has("main.go")) return null;
      return {
        language: view.finding("Go", "probable", "main.go", "main package without go.mod"),
        dependencies: new Map(),
        packageManager: null,
        runtimeVersion:
          pinned ?? view.finding(DEFAULT_GO, "probable", "main.go", "default version"),
        deployable: true,
        fallback: true,
        template: "go",
      };
    }
    // Both `require x v1` and the lines of a `require ( ... )` block start with a module path.
    const dependencies = dependenciesMatching(
      goMod,
      /^\s*(?:require\s+)?([a-z0-9.-]+\.[a-z]+\/[^\s]+)\s+v\S+/gm,
      "go.mod",
    );
    const declared = goMod.match(/^go\s+(\S+)/m)?.[1];
    return {
      language: view.finding("Go", "definite", "go.mod", "go.mod"),
      dependencies,
      packageManager: view.finding(
        "go modules",
        "definite",
        view.has("go.sum") ? "go.sum" : "go.mod",
        "go.mod",
      ),
      runtimeVersion:
        pinned ??
        (declared && majorVersion(declared, 2)
          ? view.finding(majorVersion(declared, 2) ?? "", "definite", "go.mod", `go ${declared}`)
          : view.finding(DEFAULT_GO, "probable", "go.mod", "default version")),
      deployable: true,
      template: "go",
    };
  },
  commands(view, facts) {
    if (!facts.packageManager) {
      return {
        port: 8080,
        buildCommand: view.finding(
          "CGO_ENABLED=0 go build -trimpath -o /out/server main.go",
          "probable",
          "main.go",
          "main package without go.mod",
        ),
        startCommand: view.finding("/app/server", "probable", "main.go", "main package"),
      };
    }
    const main = view.has("main.go")
      ? { pkg: ".", file: "main.go" }
      : (() => {
          const file = view.files.find((path) => /^cmd\/[^/]+\/main\.go$/.test(path));
          return file ? { pkg: `./${file.slice(0, -"/main.go".length)}`, file } : null;
        })();
    if (!main) return { port: 8080 };
    return {
      port: 8080,
      buildCommand: view.finding(
        `CGO_ENABLED=0 go build -trimpath -o /out/server ${main.pkg}`,
        "probable",
        main.file,
        "main package",
      ),
      startCommand: view.finding("/app/server", "probable", main.file, "main package"),
    };
  },
};

export const goRules: DetectionRuleInput[] = [
  {
    id: "gin",
    name: "Gin",
    ecosystem: "go",
    dependencies: ["github.com/gin-gonic/gin"],
    priority: 70,
    template: "go",
    port: 8080,
  },
  {
    id: "fiber",
    name: "Fiber",
    ecosystem: "go",
    dependencies: ["github.com/gofiber/fiber/v2", "github.com/gofiber/fiber/v3"],
    priority: 70,
    template: "go",
    port: 3000,
  },
  {
    id: "echo",
    name: "Echo",
    ecosystem: "go",
    dependencies: ["github.com/labstack/echo/v4"],
    priority: 70,
    template: "go",
    port: 8080,
  },
  {
    id: "chi",
    name: "chi",
    ecosystem: "go",
    dependencies: ["github.com/go-chi/chi/v5"],
    priority: 65,
    template: "go",
    port: 8080,
  },
  {
    id: "go-net-http",
    name: "Go net/http",
    ecosystem: "go",
    files: ["main.go", "cmd/*/main.go"],
    priority: 10,
    template: "go",
    port: 8080,
  },
];
