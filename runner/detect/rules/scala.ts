import type { DetectionRuleInput } from "../../../worker/contracts/detection.ts";
import type { Ecosystem } from "../ecosystem.ts";

export const scalaEcosystem: Ecosystem = {
  id: "scala",
  contentFiles: ["build.sbt", "project/plugins.sbt", "project/build.properties"],
  detect(view) {
    const build = view.text("build.sbt");
    if (build === null) return null;
    const dependencies = new Map<string, string>();
    const sources: [string, string][] = [
      ["build.sbt", build],
      ["project/plugins.sbt", view.text("project/plugins.sbt") ?? ""],
    ];
    for (const [file, text] of sources) {
      for (const match of text.matchAll(/"([\w.-]+)"\s*%%?%?\s*"([\w.-]+)"/g)) {
        dependencies.set(`${match[1]}:${match[2]}`, file);
      }
    }
    const sbtVersion = view
      .text("project/build.properties")
      ?.match(/sbt\.version\s*=\s*(\S+)/)?.[1];
    return {
      language: view.finding("Scala", "definite", "build.sbt", "build.sbt"),
      dependencies,
      packageManager: sbtVersion
        ? view.finding("sbt", "definite", "project/build.properties", `sbt.version=${sbtVersion}`)
        : view.finding("sbt", "definite", "build.sbt", "build.sbt"),
      runtimeVersion: view.finding("21", "probable", "build.sbt", "default LTS"),
      deployable: true,
      template: "scala-sbt",
    };
  },
  commands(view) {
    const name = view.text("build.sbt")?.match(/^\s*name\s*:=\s*"([\w.-]+)"/m)?.[1] ?? "root";
    return {
      port: 9000,
      buildCommand: view.finding("sbt stage", "probable", "build.sbt", "sbt-native-packager stage"),
      startCommand: view.finding(`/app/bin/${name}`, "probable", "build.sbt", `project ${name}`),
    };
  },
};

export const scalaRules: DetectionRuleInput[] = [
  {
    id: "play",
    name: "Play Framework",
    ecosystem: "scala",
    dependencies: ["com.typesafe.play:sbt-plugin", "org.playframework:sbt-plugin"],
    priority: 80,
    template: "scala-sbt",
    port: 9000,
  },
  {
    id: "http4s",
    name: "http4s",
    ecosystem: "scala",
    dependencies: [
      "org.http4s:http4s-ember-server",
      "org.http4s:http4s-blaze-server",
      "org.http4s:http4s-dsl",
    ],
    priority: 70,
    template: "scala-sbt",
    port: 8080,
  },
  {
    id: "akka-http",
    name: "Akka HTTP",
    ecosystem: "scala",
    dependencies: ["com.typesafe.akka:akka-http", "org.apache.pekko:pekko-http"],
    priority: 70,
    template: "scala-sbt",
    port: 8080,
  },
];
