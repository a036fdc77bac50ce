/**
 * Node.js, Bun and Deno. Dependencies install from the manifests alone, so the layer is
 * reused until they change; the runtime stage runs as the image's unprivileged user by uid
 * (Kubernetes' runAsNonRoot can only verify a numeric user).
 */
const nodeDependencies = `# syntax=docker/dockerfile:1
FROM node:{{runtimeVersion}}-slim AS build
WORKDIR /app
COPY package.json* package-lock.json* npm-shrinkwrap.json* pnpm-lock.yaml* yarn.lock* bun.lock* bun.lockb* .npmrc* ./
{{#workspace}}COPY . .
{{/workspace}}RUN {{installCommand}}
COPY . .
`;

const nodeRuntime = `FROM node:{{runtimeVersion}}-slim
WORKDIR /app
ENV NODE_ENV=production PORT={{port}} HOSTNAME=0.0.0.0
COPY --from=build --chown=1000:1000 /app ./
USER 1000:1000
EXPOSE {{port}}
CMD {{startCommand}}
`;

const build = "{{#buildCommand}}RUN {{buildCommand}}\n{{/buildCommand}}";
const prune = "{{#pruneCommand}}RUN {{pruneCommand}}\n{{/pruneCommand}}";

export const nodeTemplates: Record<string, string> = {
  "node-server": `${nodeDependencies}${build}${prune}
${nodeRuntime}`,
  "node-ssr": `${nodeDependencies}ENV NODE_ENV=production
${build}${prune}
${nodeRuntime}`,
  "node-nextjs": `${nodeDependencies}ENV NEXT_TELEMETRY_DISABLED=1 NODE_ENV=production
${build}${prune}RUN if [ -d .next/standalone ]; then cp -r .next/static .next/standalone/.next/ && if [ -d public ]; then cp -r public .next/standalone/; fi; fi

FROM node:{{runtimeVersion}}-slim
WORKDIR /app
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 PORT={{port}} HOSTNAME=0.0.0.0
COPY --from=build --chown=1000:1000 /app ./
USER 1000:1000
EXPOSE {{port}}
CMD {{startCommand}}
`,
  "node-static": `${nodeDependencies}RUN {{buildCommand}}

FROM nginxinc/nginx-unprivileged:1-alpine
USER root
RUN printf 'server {\\n  listen {{port}};\\n  root /usr/share/nginx/html;\\n  location / { try_files $uri $uri/ /index.html; }\\n}\\n' > /etc/nginx/conf.d/default.conf
COPY --from=build --chown=101:101 /app/{{outputDirectory}} /usr/share/nginx/html
USER 101:101
EXPOSE {{port}}
CMD ["nginx", "-g", "daemon off;"]
`,
  bun: `# syntax=docker/dockerfile:1
FROM oven/bun:1 AS build
WORKDIR /app
COPY package.json bun.lock* bun.lockb* bunfig.toml* ./
RUN if [ -f bun.lock ] || [ -f bun.lockb ]; then bun install --frozen-lockfile; else bun install; fi
COPY . .
${build}
FROM oven/bun:1-slim
WORKDIR /app
ENV NODE_ENV=production PORT={{port}}
COPY --from=build --chown=1000:1000 /app ./
USER 1000:1000
EXPOSE {{port}}
CMD {{startCommand}}
`,
  deno: `# syntax=docker/dockerfile:1
FROM denoland/deno:{{runtimeVersion}} AS build
WORKDIR /app
{{#packageManager}}COPY deno.json* deno.jsonc* deno.lock* ./
RUN deno install
{{/packageManager}}COPY . .
${build}
FROM denoland/deno:{{runtimeVersion}}
WORKDIR /app
ENV PORT={{port}}
COPY --from=build --chown=1993:1993 /app ./
COPY --from=build --chown=1993:1993 /deno-dir /deno-dir
USER 1993:1993
EXPOSE {{port}}
CMD {{startCommand}}
`,
};
