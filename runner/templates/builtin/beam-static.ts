/** Erlang VM releases (Elixir, Gleam) and static sites served by unprivileged nginx. */
const elixirBuild = (assets: string) => `# syntax=docker/dockerfile:1
FROM elixir:{{runtimeVersion}} AS build
ENV MIX_ENV=prod
WORKDIR /app
RUN mix local.hex --force && mix local.rebar --force
COPY mix.exs mix.lock* ./
RUN mix deps.get --only prod && mix deps.compile
COPY . .
${assets}RUN {{buildCommand}}

FROM debian:12-slim
RUN apt-get update && apt-get install -y --no-install-recommends libstdc++6 openssl libncurses6 locales ca-certificates && rm -rf /var/lib/apt/lists/* && useradd --uid 10001 --user-group --no-create-home --shell /usr/sbin/nologin app
WORKDIR /app
ENV LANG=C.UTF-8 MIX_ENV=prod PHX_SERVER=true PORT={{port}}
COPY --from=build --chown=10001:10001 /app/_build/prod/rel/{{binary}} /app
USER 10001:10001
EXPOSE {{port}}
CMD {{startCommand}}
`;

const nginx = (from: string) => `
FROM nginxinc/nginx-unprivileged:1-alpine
USER root
RUN printf 'server {\\n  listen {{port}};\\n  root /usr/share/nginx/html;\\n  location / { try_files $uri $uri/ $uri.html =404; }\\n}\\n' > /etc/nginx/conf.d/default.conf
COPY --from=${from} --chown=101:101 /site/{{outputDirectory}} /usr/share/nginx/html
USER 101:101
EXPOSE {{port}}
CMD ["nginx", "-g", "daemon off;"]
`;

export const beamStaticTemplates: Record<string, string> = {
  elixir: elixirBuild(""),
  "elixir-phoenix": elixirBuild("RUN mix assets.deploy\n"),
  gleam: `# syntax=docker/dockerfile:1
FROM ghcr.io/gleam-lang/gleam:v{{runtimeVersion}}-erlang-alpine AS build
WORKDIR /src
COPY gleam.toml manifest.toml* ./
RUN gleam deps download
COPY . .
RUN {{buildCommand}}

FROM erlang:27-alpine
RUN adduser -D -H -u 10001 app
WORKDIR /app
COPY --from=build --chown=10001:10001 /src/build/erlang-shipment /app
USER 10001:10001
ENV PORT={{port}}
EXPOSE {{port}}
CMD {{startCommand}}
`,
  static: `# syntax=docker/dockerfile:1
FROM alpine:3 AS site
WORKDIR /site
COPY . .
RUN rm -rf .git .github Dockerfile* .dockerignore
${nginx("site")}`,
  hugo: `# syntax=docker/dockerfile:1
FROM debian:12-slim AS build
RUN apt-get update && apt-get install -y --no-install-recommends hugo git ca-certificates && rm -rf /var/lib/apt/lists/*
WORKDIR /site
COPY . .
RUN {{buildCommand}}
${nginx("build")}`,
};
