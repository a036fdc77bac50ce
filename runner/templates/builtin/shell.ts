/** Apps started by a shell script: the script and its files run on a slim Debian as uid 10001. */
export const shellTemplates: Record<string, string> = {
  shell: `# syntax=docker/dockerfile:1
FROM debian:12-slim AS build
WORKDIR /app
COPY . .
RUN rm -rf .git

FROM debian:12-slim
RUN apt-get update && apt-get install -y --no-install-recommends bash ca-certificates curl && rm -rf /var/lib/apt/lists/* && useradd --uid 10001 --user-group --no-create-home --shell /usr/sbin/nologin app
WORKDIR /app
COPY --from=build --chown=10001:10001 /app ./
USER 10001:10001
ENV PORT={{port}}
EXPOSE {{port}}
CMD {{startCommand}}
`,
};
