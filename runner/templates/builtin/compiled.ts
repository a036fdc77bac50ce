/**
 * Languages that compile to a binary: the toolchain image builds it, a small runtime image
 * runs it as uid 10001 (or the image's own unprivileged user).
 */
const debianRuntime = (packages: string) => `
FROM debian:12-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates ${packages} && rm -rf /var/lib/apt/lists/* && useradd --uid 10001 --user-group --no-create-home --shell /usr/sbin/nologin app
WORKDIR /app
COPY --from=build /out/{{binary}} /app/{{binary}}
USER 10001:10001
ENV PORT={{port}}
EXPOSE {{port}}
CMD {{startCommand}}
`;

export const compiledTemplates: Record<string, string> = {
  go: `# syntax=docker/dockerfile:1
FROM golang:{{runtimeVersion}} AS build
WORKDIR /src
{{#manifestLayer}}COPY go.mod go.sum* ./
RUN go mod download
{{/manifestLayer}}COPY . .
RUN {{buildCommand}}

FROM gcr.io/distroless/static-debian12:nonroot
WORKDIR /app
COPY --from=build /out/server /app/server
USER 65532:65532
ENV PORT={{port}}
EXPOSE {{port}}
CMD {{startCommand}}
`,
  rust: `# syntax=docker/dockerfile:1
FROM rust:{{runtimeVersion}} AS build
WORKDIR /src
{{#manifestLayer}}COPY Cargo.toml Cargo.lock* ./
RUN mkdir src && echo 'fn main() {}' > src/main.rs && cargo build --release && rm -rf src
{{/manifestLayer}}COPY . .
RUN {{#manifestLayer}}touch src/main.rs && {{/manifestLayer}}{{buildCommand}} && mkdir -p /out && cp target/release/{{binary}} /out/{{binary}}
${debianRuntime("")}`,
  dotnet: `# syntax=docker/dockerfile:1
FROM mcr.microsoft.com/dotnet/sdk:{{runtimeVersion}} AS build
WORKDIR /src
COPY *.*proj ./
RUN dotnet restore
COPY . .
RUN {{buildCommand}}

FROM mcr.microsoft.com/dotnet/aspnet:{{runtimeVersion}}
WORKDIR /app
COPY --from=build /out ./
USER 1654:1654
ENV ASPNETCORE_HTTP_PORTS={{port}} PORT={{port}}
EXPOSE {{port}}
CMD {{startCommand}}
`,
  swift: `# syntax=docker/dockerfile:1
FROM swift:{{runtimeVersion}} AS build
WORKDIR /src
COPY Package.swift Package.resolved* ./
RUN swift package resolve
COPY . .
RUN {{buildCommand}} && mkdir -p /out && cp "$(swift build -c release --show-bin-path)/{{binary}}" /out/{{binary}}

FROM swift:{{runtimeVersion}}-slim
RUN useradd --uid 10001 --user-group --no-create-home --shell /usr/sbin/nologin app
WORKDIR /app
COPY --from=build /out/{{binary}} /app/{{binary}}
USER 10001:10001
ENV PORT={{port}}
EXPOSE {{port}}
CMD {{startCommand}}
`,
  dart: `# syntax=docker/dockerfile:1
FROM dart:{{runtimeVersion}} AS build
WORKDIR /src
COPY pubspec.yaml pubspec.lock* ./
RUN dart pub get
COPY . .
RUN dart pub get --offline && mkdir -p /out && {{buildCommand}}

FROM scratch
COPY --from=build /runtime/ /
COPY --from=build /out/{{binary}} /app/{{binary}}
USER 10001:10001
ENV PORT={{port}}
EXPOSE {{port}}
CMD {{startCommand}}
`,
  zig: `# syntax=docker/dockerfile:1
FROM debian:12-slim AS build
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates curl xz-utils && rm -rf /var/lib/apt/lists/* && curl -fsSL https://ziglang.org/download/{{runtimeVersion}}.0/zig-linux-x86_64-{{runtimeVersion}}.0.tar.xz | tar -xJ -C /opt && ln -s /opt/zig-linux-x86_64-{{runtimeVersion}}.0/zig /usr/local/bin/zig
WORKDIR /src
COPY build.zig build.zig.zon* ./
RUN if [ -f build.zig.zon ]; then zig build --fetch; fi
COPY . .
RUN {{buildCommand}} && mkdir -p /out && cp zig-out/bin/{{binary}} /out/{{binary}}
${debianRuntime("")}`,
  crystal: `# syntax=docker/dockerfile:1
FROM crystallang/crystal:{{runtimeVersion}}-alpine AS build
WORKDIR /src
COPY shard.yml shard.lock* ./
RUN shards install --production
COPY . .
RUN {{buildCommand}} --static && mkdir -p /out && cp bin/{{binary}} /out/{{binary}}

FROM alpine:3
RUN adduser -D -H -u 10001 app
WORKDIR /app
COPY --from=build /out/{{binary}} /app/{{binary}}
USER 10001:10001
ENV PORT={{port}}
EXPOSE {{port}}
CMD {{startCommand}}
`,
  cpp: `# syntax=docker/dockerfile:1
FROM debian:12 AS build
RUN apt-get update && apt-get install -y --no-install-recommends build-essential cmake meson ninja-build pkg-config ca-certificates && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN {{buildCommand}} && mkdir -p /out && cp build/{{binary}} /out/{{binary}}
${debianRuntime("libstdc++6")}`,
  cobol: `# syntax=docker/dockerfile:1
FROM debian:12-slim AS build
RUN apt-get update && apt-get install -y --no-install-recommends gnucobol3 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN mkdir -p /out && {{buildCommand}}
${debianRuntime("libcob4")}`,
  // The eggs a program loads at run time come along from CHICKEN's repository.
  scheme: `# syntax=docker/dockerfile:1
FROM debian:12-slim AS build
RUN apt-get update && apt-get install -y --no-install-recommends chicken-bin libchicken-dev gcc libc6-dev ca-certificates && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN mkdir -p /out && {{buildCommand}}

FROM debian:12-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates libchicken11 && rm -rf /var/lib/apt/lists/* && useradd --uid 10001 --user-group --no-create-home --shell /usr/sbin/nologin app
COPY --from=build /var/lib/chicken /var/lib/chicken
WORKDIR /app
COPY --from=build /out/{{binary}} /app/{{binary}}
USER 10001:10001
ENV PORT={{port}}
EXPOSE {{port}}
CMD {{startCommand}}
`,
  haskell: `# syntax=docker/dockerfile:1
FROM haskell:{{runtimeVersion}} AS build
WORKDIR /src
RUN cabal update
COPY *.cabal cabal.project* ./
RUN cabal build --only-dependencies -j
COPY . .
RUN mkdir -p /out && {{buildCommand}}
${debianRuntime("libgmp10 libffi8 zlib1g")}`,
};
