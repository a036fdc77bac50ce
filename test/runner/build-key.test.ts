import { describe, expect, it } from "vitest";
import { finalBaseImage } from "../../runner/builds/base-image.ts";
import { type BuildInputs, buildKey } from "../../runner/builds/build-key.ts";

const inputs: BuildInputs = {
  repository: "registry.local/ten_a/web",
  source: "https://github.com/acme/shop.git",
  commit: "0123456789abcdef0123456789abcdef01234567",
  path: "apps/web",
  dockerfile: {
    kind: "template",
    name: "node",
    version: "sha256:aaaaaaaaaaaa",
    variables: { port: "3000", startCommand: '["npm","start"]' },
  },
  baseImage: "node:22-slim",
};

describe("the build key", () => {
  it("is the same for the same inputs, whatever the order of the template's values", () => {
    const reordered: BuildInputs = {
      ...inputs,
      dockerfile: {
        kind: "template",
        name: "node",
        version: "sha256:aaaaaaaaaaaa",
        variables: { startCommand: '["npm","start"]', port: "3000" },
      },
    };
    expect(buildKey(inputs)).toMatch(/^[a-f0-9]{64}$/);
    expect(buildKey(reordered)).toBe(buildKey(inputs));
  });

  it("changes with every input", () => {
    const variants: BuildInputs[] = [
      inputs,
      { ...inputs, repository: "registry.local/ten_b/web" },
      { ...inputs, source: "https://github.com/acme/other.git" },
      { ...inputs, commit: "fedcba9876543210fedcba9876543210fedcba98" },
      { ...inputs, path: "." },
      { ...inputs, baseImage: "node:24-slim" },
      {
        ...inputs,
        dockerfile: { ...inputs.dockerfile, name: "node-next" } as BuildInputs["dockerfile"],
      },
      {
        ...inputs,
        dockerfile: {
          ...inputs.dockerfile,
          version: "sha256:bbbbbbbbbbbb",
        } as BuildInputs["dockerfile"],
      },
      {
        ...inputs,
        dockerfile: {
          ...inputs.dockerfile,
          variables: { port: "8080" },
        } as BuildInputs["dockerfile"],
      },
      { ...inputs, dockerfile: { kind: "repository", content: "FROM node:22-slim\n" } },
      { ...inputs, dockerfile: { kind: "repository", content: "FROM node:22-slim\nUSER 1000\n" } },
    ];
    expect(new Set(variants.map(buildKey)).size).toBe(variants.length);
  });

  it("is null for a source that is not a commit, such as a local working tree", () => {
    expect(buildKey({ ...inputs, commit: "working-tree" })).toBeNull();
    expect(buildKey({ ...inputs, commit: "main" })).toBeNull();
  });
});

describe("the base image", () => {
  it("is the final stage's image", () => {
    expect(
      finalBaseImage(
        "FROM golang:1.23 AS build\nRUN go build\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /out /app\n",
      ),
    ).toBe("gcr.io/distroless/static-debian12:nonroot");
  });

  it("follows a stage built from an earlier stage, and ARG defaults before the first FROM", () => {
    const dockerfile = [
      "ARG NODE=22",
      `FROM --platform=linux/amd64 node:$\{NODE}-alpine AS base`,
      "RUN npm ci",
      "FROM base AS final",
      'CMD ["node", "server.js"]',
    ].join("\n");
    expect(finalBaseImage(dockerfile)).toBe("node:22-alpine");
  });

  it("is null without a FROM, or when it depends on a value only the build has", () => {
    expect(finalBaseImage("RUN true\n")).toBeNull();
    expect(finalBaseImage("ARG BASE\nFROM $BASE\n")).toBeNull();
  });
});
