import type { DetectionRuleInput, StringFinding } from "../../../worker/contracts/detection.ts";
import { type Ecosystem, majorVersion, meaningfulLines, versionLess } from "../ecosystem.ts";
import { pinnedToolVersion } from "../tool-versions.ts";
import { type AppView, recordAt, stringAt } from "../view.ts";

const DEFAULT_PYTHON = "3.12";

/** Scripts that are an app by themselves, in the order railpack looks for them. */
const SCRIPT_FILES = ["main.py", "app.py", "bot.py", "hello.py", "server.py"];

/** PEP 503 normalization, so "Flask_Login" and "flask-login" are the same dependency. */
const normalize = (name: string): string => name.toLowerCase().replace(/[-_.]+/g, "-");

/** "fastapi[standard]>=0.110 ; python_version>'3.8'" → "fastapi". */
const requirementName = (spec: string): string | null => {
  const match = spec.trim().match(/^([A-Za-z0-9][A-Za-z0-9._-]*)/);
  return match?.[1] ? normalize(match[1]) : null;
};

export const pythonEcosystem: Ecosystem = {
  id: "python",
  contentFiles: [
    "requirements.txt",
    "pyproject.toml",
    "Pipfile",
    ".python-version",
    "runtime.txt",
    ".tool-versions",
    "manage.py",
  ],
  detect(view) {
    const dependencies = new Map<string, string>();
    const add = (file: string, specs: Iterable<string>) => {
      for (const spec of specs) {
        const name = requirementName(spec);
        if (name && !dependencies.has(name)) dependencies.set(name, file);
      }
    };
    const requirements = view.text("requirements.txt");
    if (requirements !== null) {
      add(
        "requirements.txt",
        meaningfulLines(requirements).filter((line) => !line.startsWith("-")),
      );
    }
    const pyproject = view.toml("pyproject.toml");
    if (pyproject) {
      const project = recordAt(pyproject, "project");
      add("pyproject.toml", stringList(project.dependencies));
      add("pyproject.toml", Object.keys(recordAt(pyproject, "tool", "poetry", "dependencies")));
    }
    const pipfile = view.toml("Pipfile");
    if (pipfile) add("Pipfile", Object.keys(recordAt(pipfile, "packages")));
    dependencies.delete("python");
    const manifest = view.first("requirements.txt", "pyproject.toml", "Pipfile", "setup.py");
    const script = view.first(...SCRIPT_FILES);
    if (!manifest && !view.has("manage.py") && !script) return null;
    return {
      language: manifest
        ? view.finding("Python", "definite", manifest, "Python manifest")
        : view.has("manage.py")
          ? view.finding("Python", "probable", "manage.py", "Django management script")
          : view.finding("Python", "probable", script ?? "main.py", "Python script"),
      dependencies,
      packageManager: manifest ? packageManager(view, pyproject) : null,
      runtimeVersion: pythonVersion(view, pyproject, pipfile),
      deployable: true,
      fallback: !manifest && !view.has("manage.py"),
      template: "python",
    };
  },
  commands(view, facts, framework) {
    const module = appModule(view);
    const has = (name: string) => facts.dependencies.has(name);
    const start = (command: string, signal: string): StringFinding =>
      view.finding(command, "probable", module.file, signal);
    switch (framework?.id) {
      case "django": {
        const project = djangoProject(view);
        return {
          startCommand: start(
            `gunicorn ${project}.wsgi --bind 0.0.0.0:8000`,
            `Django project ${project}`,
          ),
        };
      }
      case "fastapi":
        return {
          startCommand: start(`uvicorn ${module.name}:app --host 0.0.0.0 --port 8000`, "ASGI app"),
        };
      case "flask":
        return {
          startCommand: start(`gunicorn ${module.name}:app --bind 0.0.0.0:8000`, "WSGI app"),
        };
      default: {
        if (has("gunicorn") && view.has(module.file)) {
          return {
            startCommand: start(
              `gunicorn ${module.name}:app --bind 0.0.0.0:8000`,
              "gunicorn dependency",
            ),
          };
        }
        if (has("uvicorn") && view.has(module.file)) {
          return {
            startCommand: start(
              `uvicorn ${module.name}:app --host 0.0.0.0 --port 8000`,
              "uvicorn dependency",
            ),
          };
        }
        const script = view.first(...SCRIPT_FILES);
        return {
          startCommand:
            projectScript(view) ??
            (script ? view.finding(`python ${script}`, "probable", script, "Python script") : null),
        };
      }
    }
  },
};

const stringList = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];

function packageManager(view: AppView, pyproject: Record<string, unknown> | null): StringFinding {
  const locks: [string, string][] = [
    ["uv.lock", "uv"],
    ["poetry.lock", "poetry"],
    ["pdm.lock", "pdm"],
    ["Pipfile.lock", "pipenv"],
  ];
  for (const [file, manager] of locks) {
    if (view.has(file)) return view.finding(manager, "definite", file, "lock file");
  }
  if (Object.keys(recordAt(pyproject, "tool", "poetry")).length > 0) {
    return view.finding("poetry", "definite", "pyproject.toml", "[tool.poetry]");
  }
  if (Object.keys(recordAt(pyproject, "tool", "pdm")).length > 0) {
    return view.finding("pdm", "definite", "pyproject.toml", "[tool.pdm]");
  }
  if (Object.keys(recordAt(pyproject, "tool", "uv")).length > 0) {
    return view.finding("uv", "definite", "pyproject.toml", "[tool.uv]");
  }
  if (view.has("Pipfile")) return view.finding("pipenv", "definite", "Pipfile", "Pipfile");
  const manifest = view.first("requirements.txt", "pyproject.toml") ?? "requirements.txt";
  return view.finding(
    "pip",
    view.has("requirements.txt") ? "definite" : "probable",
    manifest,
    "pip",
  );
}

function pythonVersion(
  view: AppView,
  pyproject: Record<string, unknown> | null,
  pipfile: Record<string, unknown> | null,
): StringFinding {
  const pinned = view.text(".python-version")?.trim();
  if (pinned && majorVersion(pinned, 2)) {
    return view.finding(majorVersion(pinned, 2) ?? "", "definite", ".python-version", pinned);
  }
  const runtime = view.text("runtime.txt")?.trim();
  if (runtime && majorVersion(runtime, 2)) {
    return view.finding(majorVersion(runtime, 2) ?? "", "definite", "runtime.txt", runtime);
  }
  const pinnedByManager = pinnedToolVersion(view, ["python"], 2);
  if (pinnedByManager) return pinnedByManager;
  const requires = stringAt(pyproject, "project", "requires-python");
  if (requires && majorVersion(requires, 2)) {
    // A lower bound accepts the current default, which gets security fixes longest.
    const floor = majorVersion(requires, 2) ?? DEFAULT_PYTHON;
    const value =
      /^\s*>/.test(requires) && versionLess(floor, DEFAULT_PYTHON) ? DEFAULT_PYTHON : floor;
    return view.finding(value, "definite", "pyproject.toml", `requires-python: ${requires}`);
  }
  const pipfileVersion = stringAt(pipfile, "requires", "python_version");
  if (pipfileVersion) {
    return view.finding(pipfileVersion, "definite", "Pipfile", `python_version: ${pipfileVersion}`);
  }
  return view.finding(
    DEFAULT_PYTHON,
    "probable",
    view.first("pyproject.toml", "requirements.txt") ?? "requirements.txt",
    "default version",
  );
}

/**
 * The console script a pyproject declares (`[project.scripts]` or Poetry's), run through its
 * `module:function` target so the project itself need not be installed.
 */
function projectScript(view: AppView): StringFinding | null {
  const pyproject = view.toml("pyproject.toml");
  for (const [table, path] of [
    ["[project.scripts]", ["project", "scripts"]],
    ["[tool.poetry.scripts]", ["tool", "poetry", "scripts"]],
  ] as const) {
    const scripts = Object.entries(recordAt(pyproject, ...path)).sort(([a], [b]) =>
      a.localeCompare(b),
    );
    for (const [name, target] of scripts) {
      const match = typeof target === "string" ? target.match(/^([\w.]+):([\w]+)$/) : null;
      if (!match) continue;
      return view.finding(
        `python -c "import sys; from ${match[1]} import ${match[2]}; sys.exit(${match[2]}())"`,
        "probable",
        "pyproject.toml",
        `${table} ${name} = "${target}"`,
      );
    }
  }
  return null;
}

/** The module that holds the app object, by the names the frameworks' docs use. */
function appModule(view: AppView): { name: string; file: string } {
  for (const name of ["main", "app", "server", "wsgi", "asgi", "application"]) {
    if (view.has(`${name}.py`)) return { name, file: `${name}.py` };
    if (view.has(`app/${name}.py`)) return { name: `app.${name}`, file: `app/${name}.py` };
  }
  return { name: "main", file: "main.py" };
}

/** The Django project package, from manage.py's DJANGO_SETTINGS_MODULE or the wsgi.py location. */
function djangoProject(view: AppView): string {
  const settings = view
    .text("manage.py")
    ?.match(/DJANGO_SETTINGS_MODULE['"]\s*,\s*['"]([\w.]+?)\.settings/);
  if (settings?.[1]) return settings[1];
  const wsgi = view.files.find((file) => /^[\w]+\/wsgi\.py$/.test(file));
  return wsgi?.split("/")[0] ?? "config";
}

export const pythonRules: DetectionRuleInput[] = [
  {
    id: "django",
    name: "Django",
    ecosystem: "python",
    dependencies: ["django"],
    files: ["manage.py"],
    priority: 80,
    template: "python-django",
    port: 8000,
    buildCommand: "python manage.py collectstatic --noinput",
  },
  {
    id: "fastapi",
    name: "FastAPI",
    ecosystem: "python",
    dependencies: ["fastapi"],
    priority: 75,
    template: "python",
    port: 8000,
  },
  {
    id: "flask",
    name: "Flask",
    ecosystem: "python",
    dependencies: ["flask"],
    priority: 75,
    template: "python",
    port: 5000,
  },
];
