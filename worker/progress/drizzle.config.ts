import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "sqlite",
  driver: "durable-sqlite",
  schema: "./worker/progress/schema.ts",
  out: "./worker/progress/migrations",
});
