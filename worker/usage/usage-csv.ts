import type { UsageDay } from "./usage-report.ts";

const COLUMNS = [
  "date",
  "apiRequests",
  "deployments",
  "buildMinutes",
  "serviceHours",
  "databaseGbDays",
  "volumeGbDays",
  "backupGbDays",
] as const satisfies readonly (keyof UsageDay)[];

/** RFC 4180 CSV, a header line then one line per day; every value is a date or a number. */
export const usageCsv = (days: UsageDay[]): string =>
  [COLUMNS.join(","), ...days.map((day) => COLUMNS.map((c) => day[c] ?? "").join(","))]
    .map((line) => `${line}\r\n`)
    .join("");

export const CSV_CONTENT_TYPE = "text/csv; charset=utf-8";
