import { applyD1Migrations, reset } from "cloudflare:test";
import { env } from "cloudflare:workers";

// Each file starts from an empty platform with the real migrations applied: files share a
// runtime (and its loaded modules) but no data, Durable Object or pending alarm.
await reset();
await applyD1Migrations(env.DB, env.TEST_MIGRATIONS ?? []);
