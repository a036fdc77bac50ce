export const DAY_MS = 86_400_000;

/** `YYYY-MM-DD` of the UTC day an instant falls in. */
export const utcDay = (epochMs: number): string => new Date(epochMs).toISOString().slice(0, 10);

export const dayStart = (day: string): number => Date.parse(`${day}T00:00:00.000Z`);

/** Every UTC day from `from` to `to`, both included. */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let at = dayStart(from); at <= dayStart(to); at += DAY_MS) days.push(utcDay(at));
  return days;
}

/** How much of `[start, end)` (epoch ms) falls on `day`, as a fraction of the day. */
export function dayShare(day: string, start: number, end: number): number {
  const from = Math.max(start, dayStart(day));
  const to = Math.min(end, dayStart(day) + DAY_MS);
  return to > from ? (to - from) / DAY_MS : 0;
}
