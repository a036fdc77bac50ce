/**
 * JVM builds: dependencies resolve from the build files before the sources are copied, and
 * the runtime stage is a JRE of the same major version.
 */
const jreRuntime = (copy: string) => `
FROM eclipse-temurin:{{runtimeVersion}}-jre
RUN useradd --uid 10001 --user-group --no-create-home --shell /usr/sbin/nologin app
WORKDIR /app
${copy}
USER 10001:10001
ENV PORT={{port}} SERVER_PORT={{port}} QUARKUS_HTTP_PORT={{port}}
EXPOSE {{port}}
CMD {{startCommand}}
`;

/** Build tools also write plain, sources and javadoc jars; the app is the remaining one. */
const pickJar = (dir: string) =>
  `find ${dir} -maxdepth 1 -name '*.jar' ! -name '*-plain.jar' ! -name '*-sources.jar' ! -name '*-javadoc.jar' ! -name 'original-*' | sort | head -n 1 | xargs -I{} cp {} /out/app.jar`;

export const jvmTemplates: Record<string, string> = {
  "java-maven": `# syntax=docker/dockerfile:1
FROM maven:3-eclipse-temurin-{{runtimeVersion}} AS build
WORKDIR /src
{{#manifestLayer}}COPY pom.xml ./
RUN mvn -B -q dependency:go-offline
{{/manifestLayer}}COPY . .
RUN {{buildCommand}} && mkdir -p /out && ${pickJar("{{outputDirectory}}")}
${jreRuntime("COPY --from=build /out/app.jar /app/app.jar")}`,
  "java-quarkus": `# syntax=docker/dockerfile:1
FROM maven:3-eclipse-temurin-{{runtimeVersion}} AS build
WORKDIR /src
{{#manifestLayer}}COPY pom.xml ./
RUN mvn -B -q dependency:go-offline
{{/manifestLayer}}COPY . .
RUN {{buildCommand}}
${jreRuntime("COPY --from=build --chown=10001:10001 /src/{{outputDirectory}}/quarkus-app /app/quarkus-app")}`,
  "java-gradle": `# syntax=docker/dockerfile:1
FROM gradle:8-jdk{{runtimeVersion}} AS build
WORKDIR /src
{{#manifestLayer}}COPY settings.gradle* build.gradle* gradle.properties* ./
RUN gradle dependencies --no-daemon -q > /dev/null
{{/manifestLayer}}COPY . .
RUN {{buildCommand}} && mkdir -p /out && ${pickJar("{{outputDirectory}}")}
${jreRuntime("COPY --from=build /out/app.jar /app/app.jar")}`,
  "scala-sbt": `# syntax=docker/dockerfile:1
FROM eclipse-temurin:{{runtimeVersion}}-jdk AS build
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* && curl -fsSL https://github.com/sbt/sbt/releases/download/v1.10.7/sbt-1.10.7.tgz | tar -xz -C /opt
ENV PATH=/opt/sbt/bin:$PATH
WORKDIR /src
COPY build.sbt ./
COPY project ./project
RUN sbt -batch update
COPY . .
RUN sbt -batch stage
${jreRuntime("COPY --from=build --chown=10001:10001 /src/target/universal/stage /app")}`,
  "clojure-lein": `# syntax=docker/dockerfile:1
FROM clojure:temurin-{{runtimeVersion}}-lein AS build
WORKDIR /src
COPY project.clj ./
RUN lein deps
COPY . .
RUN {{buildCommand}} && mkdir -p /out && cp target/uberjar/*-standalone.jar /out/app.jar
${jreRuntime("COPY --from=build /out/app.jar /app/app.jar")}`,
  "clojure-deps": `# syntax=docker/dockerfile:1
FROM clojure:temurin-{{runtimeVersion}}-tools-deps AS build
WORKDIR /src
COPY deps.edn ./
RUN clojure -P
COPY . .
RUN {{buildCommand}} && mkdir -p /out && cp target/*standalone*.jar /out/app.jar
${jreRuntime("COPY --from=build /out/app.jar /app/app.jar")}`,
};
