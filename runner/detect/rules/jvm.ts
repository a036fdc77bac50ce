import type { DetectionRuleInput, StringFinding } from "../../../worker/contracts/detection.ts";
import type { Ecosystem, EcosystemFacts } from "../ecosystem.ts";
import { pinnedToolVersion } from "../tool-versions.ts";
import type { AppView } from "../view.ts";

const DEFAULT_JAVA = "21";

/** Maven and Gradle projects (Java, Kotlin). Dependencies are keyed "group:artifact". */
export const jvmEcosystem: Ecosystem = {
  id: "jvm",
  contentFiles: [
    "pom.xml",
    "build.gradle",
    "build.gradle.kts",
    "settings.gradle",
    "settings.gradle.kts",
  ],
  detect(view) {
    const pom = view.text("pom.xml");
    const gradleFile = view.first("build.gradle.kts", "build.gradle");
    const gradle = gradleFile ? view.text(gradleFile) : null;
    if (pom === null && gradle === null) return gradleSettingsOnly(view);
    const dependencies = new Map<string, string>();
    if (pom !== null) {
      for (const block of pom.matchAll(/<(dependency|parent|plugin)>([\s\S]*?)<\/\1>/g)) {
        const group = block[2]?.match(/<groupId>([^<]+)<\/groupId>/)?.[1]?.trim();
        const artifact = block[2]?.match(/<artifactId>([^<]+)<\/artifactId>/)?.[1]?.trim();
        if (group && artifact) dependencies.set(`${group}:${artifact}`, "pom.xml");
      }
    }
    if (gradle !== null && gradleFile) {
      for (const match of gradle.matchAll(/["']([\w.-]+):([\w.-]+)(?::[^"']*)?["']/g)) {
        dependencies.set(`${match[1]}:${match[2]}`, gradleFile);
      }
      for (const match of gradle.matchAll(/id\s*\(?\s*["']([\w.-]+)["']/g)) {
        dependencies.set(`plugin:${match[1]}`, gradleFile);
      }
    }
    const manifest = pom !== null ? "pom.xml" : (gradleFile ?? "build.gradle");
    const kotlin =
      view.files.some((file) => file.startsWith("src/main/kotlin/")) ||
      [...dependencies.keys()].some((name) => name.startsWith("org.jetbrains.kotlin"));
    const manager = pom !== null ? "maven" : "gradle";
    const wrapper = view.first("mvnw", "gradlew");
    return {
      language: view.finding(
        kotlin ? "Kotlin" : "Java",
        "definite",
        manifest,
        kotlin ? "Kotlin sources or plugin" : "JVM build file",
      ),
      dependencies,
      packageManager: view.finding(
        manager,
        "definite",
        wrapper ?? manifest,
        wrapper ? "build wrapper" : "build file",
      ),
      runtimeVersion: javaVersion(view, manifest, pom ?? gradle ?? ""),
      // An aggregator pom (`<modules>`) builds its modules; the app is one of them.
      deployable: pom === null || !/<modules>/.test(pom),
      template: `java-${manager}`,
    };
  },
  commands(view, facts: EcosystemFacts, framework) {
    const maven = facts.packageManager?.value === "maven";
    const manifest = maven
      ? "pom.xml"
      : (view.first("build.gradle.kts", "build.gradle") ?? "build.gradle");
    const quarkus = framework?.id === "quarkus";
    const text = view.text(manifest) ?? "";
    // A library builds a jar without Main-Class; only an application has something to start.
    const application =
      framework !== null ||
      /<mainClass>|maven-shade-plugin|maven-assembly-plugin|spring-boot-maven-plugin/.test(text) ||
      /\bapplication\b\s*(?:\{|$)|["']application["']|mainClass/m.test(text);
    const actuator = "org.springframework.boot:spring-boot-starter-actuator";
    const actuatorFile = facts.dependencies.get(actuator);
    return {
      port: 8080,
      buildCommand: view.finding(
        maven ? "mvn -B package -DskipTests" : "gradle build -x test --no-daemon",
        "probable",
        manifest,
        maven ? "Maven build" : "Gradle build",
      ),
      startCommand: application
        ? view.finding(
            quarkus ? "java -jar /app/quarkus-app/quarkus-run.jar" : "java -jar /app/app.jar",
            "probable",
            manifest,
            quarkus ? "Quarkus fast-jar" : "executable jar",
          )
        : null,
      outputDirectory: maven ? "target" : "build/libs",
      ...(framework?.id === "spring-boot" && actuatorFile
        ? { healthPath: view.finding("/actuator/health", "definite", actuatorFile, actuator) }
        : {}),
    };
  },
};

/** A Gradle multi-project root: settings that include subprojects, and no build of its own. */
function gradleSettingsOnly(view: AppView): EcosystemFacts | null {
  const settings = view.first("settings.gradle.kts", "settings.gradle");
  if (!settings) return null;
  const kotlin = view.files.some((file) => file.includes("src/main/kotlin/"));
  return {
    language: view.finding(
      kotlin ? "Kotlin" : "Java",
      "definite",
      settings,
      "Gradle multi-project",
    ),
    dependencies: new Map(),
    packageManager: view.finding("gradle", "definite", settings, "Gradle settings"),
    runtimeVersion: null,
    deployable: false,
    template: "java-gradle",
  };
}

function javaVersion(view: AppView, file: string, text: string): StringFinding {
  const pinned = pinnedToolVersion(view, ["java"], 1);
  if (pinned) return pinned;
  const declared =
    text.match(
      /<(?:java\.version|maven\.compiler\.release|maven\.compiler\.target)>\s*(\d+)/,
    )?.[1] ??
    text.match(/JavaLanguageVersion\.of\(\s*(\d+)\s*\)/)?.[1] ??
    text.match(/(?:source|target)Compatibility\s*=\s*(?:JavaVersion\.VERSION_)?['"]?(\d+)/)?.[1] ??
    text.match(/jvmToolchain\(\s*(\d+)\s*\)/)?.[1];
  return declared
    ? view.finding(declared, "definite", file, `Java ${declared}`)
    : view.finding(DEFAULT_JAVA, "probable", file, "default LTS");
}

export const jvmRules: DetectionRuleInput[] = [
  {
    id: "quarkus",
    name: "Quarkus",
    ecosystem: "jvm",
    dependencies: ["io.quarkus:*", "io.quarkus.platform:*", "plugin:io.quarkus"],
    priority: 82,
    template: "java-quarkus",
    port: 8080,
    healthPath: "/q/health",
  },
  {
    id: "spring-boot",
    name: "Spring Boot",
    ecosystem: "jvm",
    dependencies: ["org.springframework.boot:*", "plugin:org.springframework.boot"],
    priority: 80,
    template: "java-{packageManager}",
    port: 8080,
  },
  {
    id: "micronaut",
    name: "Micronaut",
    ecosystem: "jvm",
    dependencies: ["io.micronaut:*", "plugin:io.micronaut.application"],
    priority: 78,
    template: "java-{packageManager}",
    port: 8080,
  },
  {
    id: "ktor",
    name: "Ktor",
    ecosystem: "jvm",
    dependencies: ["io.ktor:*", "plugin:io.ktor.plugin"],
    priority: 78,
    template: "java-{packageManager}",
    port: 8080,
  },
];
