import type { SpecService } from "../contracts/index.ts";
import type { services } from "../db/schema.ts";

type ServiceRow = typeof services.$inferSelect;

/** What a service runs as in the spec: its kind, routing, pods, schedule and last restart. */
export const serviceShape = (
  row: ServiceRow,
): Pick<
  SpecService,
  "kind" | "public" | "replicas" | "schedule" | "command" | "concurrencyPolicy" | "restartedAt"
> => ({
  kind: row.kind,
  public: row.public,
  ...(row.replicas === null ? {} : { replicas: row.replicas }),
  ...(row.schedule === null ? {} : { schedule: row.schedule }),
  ...(row.command === null ? {} : { command: row.command }),
  ...(row.concurrencyPolicy === null ? {} : { concurrencyPolicy: row.concurrencyPolicy }),
  ...(row.restartedAt === null ? {} : { restartedAt: row.restartedAt }),
});
