import { z } from "@hono/zod-openapi";

const Day = z.iso.date();

export const UsageQuery = z.object({
  from: Day.optional().openapi({
    description: "First UTC day (YYYY-MM-DD); 29 days before `to` when absent",
    example: "2026-11-01",
  }),
  to: Day.optional().openapi({ description: "Last UTC day, included; today when absent" }),
  format: z.enum(["json", "csv"]).optional().openapi({
    description: "`csv` (or `Accept: text/csv`): a header line and one line per day",
  }),
});

const measures = {
  deployments: z.number().int().openapi({ description: "Deployments queued that day" }),
  buildMinutes: z.number().openapi({
    description: "Minutes of image builds of deployments that finished that day (reused images: 0)",
  }),
  serviceHours: z.number().openapi({
    description:
      "Running service replicas × hours: each ready deployment's services × the plan's replicas, until the next ready deployment or deletion",
  }),
  databaseGbDays: z.number().openapi({
    description:
      "The plan's database storage (GiB) × days the tenant existed, for tenants with a database",
  }),
  volumeGbDays: z.number().openapi({
    description:
      "The plan's requested storage besides the database's (GiB) × days the tenant existed",
  }),
  backupGbDays: z.number().openapi({ description: "Stored backups (GiB) × days" }),
};

export const UsageDaySchema = z
  .object({
    date: Day,
    apiRequests: z.number().int().nullable().openapi({
      description: "Authenticated API requests the organization made that day; null per tenant",
    }),
    ...measures,
  })
  .openapi("UsageDay");

export const UsageReportSchema = z
  .object({
    from: Day,
    to: Day,
    tenantId: z.string().nullable(),
    days: z.array(UsageDaySchema),
    totals: UsageDaySchema.omit({ date: true }),
  })
  .openapi("UsageReport");
