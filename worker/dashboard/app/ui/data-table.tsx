import type { ReactNode } from "react";
import { Empty } from "./states.tsx";

/** One column: its header, and what a row shows under it. */
export interface Column<Row> {
  header: string;
  cell: (row: Row) => ReactNode;
}

interface DataTableProps<Row> {
  /** Names the scrollable region that holds the table. */
  label: string;
  rows: readonly Row[];
  rowKey: (row: Row) => string;
  columns: readonly Column<Row>[];
  /** A caption for screen readers only, where the table needs a name of its own. */
  caption?: string;
  /** Stands in place of the table when there are no rows; without it, the headers still show. */
  empty?: ReactNode;
}

/** Rows under column headers, every page's table marked up the same way. */
export function DataTable<Row>({
  label,
  rows,
  rowKey,
  columns,
  caption,
  empty,
}: DataTableProps<Row>) {
  if (rows.length === 0 && empty !== undefined) return <Empty>{empty}</Empty>;
  return (
    <TableWrap label={label}>
      <table>
        {caption && <caption className="visually-hidden">{caption}</caption>}
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column.header} scope="col">
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)}>
              {columns.map((column) => (
                <td key={column.header}>{column.cell(row)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

/** A table that may scroll sideways on a narrow screen, reachable by keyboard to do so. */
function TableWrap({ label, children }: { label: string; children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must take focus to scroll by keyboard
    <section className="table-wrap" tabIndex={0} aria-label={label}>
      {children}
    </section>
  );
}
