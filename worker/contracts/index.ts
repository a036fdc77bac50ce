/**
 * Contracts shared by the edge Worker and the Node runner. Only zod and plain TypeScript
 * here: nothing from the Workers runtime or from Node, so both sides import the same module.
 */
export * from "./build.ts";
export * from "./config.ts";
export * from "./credentials.ts";
export * from "./database.ts";
export * from "./detection.ts";
export * from "./detection-preview.ts";
export * from "./development.ts";
export * from "./events.ts";
export * from "./ids.ts";
export * from "./job.ts";
export * from "./logs.ts";
export * from "./release-command.ts";
export * from "./service-kinds.ts";
export * from "./source.ts";
export * from "./spec.ts";
export * from "./suspension.ts";
export * from "./tenant-network.ts";
export * from "./webhooks.ts";
