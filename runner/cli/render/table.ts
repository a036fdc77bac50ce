import type { Style } from "../output.ts";

/** Left-aligned columns sized to their widest cell, headers dimmed. */
export const table = (headers: string[], rows: string[][], style: Style): string => {
  const widths = headers.map((header, i) =>
    Math.max(header.length, ...rows.map((row) => (row[i] ?? "").length)),
  );
  const format = (cells: string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join("  ");
  return [style.dim(format(headers)), ...rows.map(format)].join("\n");
};

/** `key: value` lines for one object, skipping what is empty. */
export const details = (entries: [string, unknown][], style: Style): string => {
  const shown = entries.filter(
    ([, value]) => value !== undefined && value !== null && value !== "",
  );
  const width = Math.max(...shown.map(([key]) => key.length));
  return shown
    .map(([key, value]) => {
      const text = typeof value === "string" ? value : JSON.stringify(value);
      return `${style.dim(`${key}:`.padEnd(width + 1))} ${text}`;
    })
    .join("\n");
};
