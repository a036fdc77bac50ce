import type { DetectionRuleInput } from "../../../worker/contracts/detection.ts";
import type { Ecosystem } from "../ecosystem.ts";

const DEFAULT_DOTNET = "8.0";

export const dotnetEcosystem: Ecosystem = {
  id: "dotnet",
  contentFiles: ["*.csproj", "*.fsproj", "global.json"],
  detect(view) {
    const project = [...view.topLevel(".csproj"), ...view.topLevel(".fsproj")][0];
    const text = project ? view.text(project) : null;
    if (!project || text === null) return null;
    const dependencies = new Map<string, string>();
    const sdk = text.match(/<Project\s+Sdk="([^"]+)"/)?.[1];
    if (sdk) dependencies.set(`sdk:${sdk}`, project);
    for (const match of text.matchAll(/<PackageReference\s+Include="([^"]+)"/g)) {
      if (match[1]) dependencies.set(match[1], project);
    }
    const target = text.match(/<TargetFramework>net(\d+\.\d+)<\/TargetFramework>/)?.[1];
    return {
      language: view.finding(
        project.endsWith(".fsproj") ? "F#" : "C#",
        "definite",
        project,
        "project file",
      ),
      dependencies,
      packageManager: view.finding("nuget", "definite", project, "project file"),
      runtimeVersion: target
        ? view.finding(target, "definite", project, `TargetFramework net${target}`)
        : view.finding(DEFAULT_DOTNET, "probable", project, "default LTS"),
      deployable: true,
      template: "dotnet",
    };
  },
  commands(view) {
    const project = [...view.topLevel(".csproj"), ...view.topLevel(".fsproj")][0] ?? "app.csproj";
    const assembly =
      view.text(project)?.match(/<AssemblyName>([^<]+)<\/AssemblyName>/)?.[1] ??
      project.replace(/\.(cs|fs)proj$/, "");
    return {
      port: 8080,
      buildCommand: view.finding(
        `dotnet publish ${project} -c Release -o /out`,
        "definite",
        project,
        "project file",
      ),
      startCommand: view.finding(
        `dotnet ${assembly}.dll`,
        "definite",
        project,
        `assembly ${assembly}`,
      ),
    };
  },
};

export const dotnetRules: DetectionRuleInput[] = [
  {
    id: "aspnet-core",
    name: "ASP.NET Core",
    ecosystem: "dotnet",
    dependencies: ["sdk:Microsoft.NET.Sdk.Web", "Giraffe", "Microsoft.AspNetCore.App"],
    priority: 80,
    template: "dotnet",
    port: 8080,
  },
];
