import { useState } from "react";

/**
 * Where a cursor-paginated list stands. The API only gives the cursor of the next page, so the
 * cursors of the pages walked through are kept to go back.
 */
export interface CursorPages {
  /** The cursor of the page shown; none on the first page. */
  cursor: string | undefined;
  onFirst: boolean;
  back: () => void;
  forward: (next: string) => void;
  /** Back to the first page, for when what is listed changes. */
  reset: () => void;
}

export function useCursorPages(): CursorPages {
  const [cursors, setCursors] = useState<string[]>([]);
  return {
    cursor: cursors.at(-1),
    onFirst: cursors.length === 0,
    back: () => setCursors((all) => all.slice(0, -1)),
    forward: (next) => setCursors((all) => [...all, next]),
    reset: () => setCursors([]),
  };
}

interface PageNavProps {
  pages: CursorPages;
  /** The API's cursor of the page after this one; none on the last page. */
  nextCursor: string | null | undefined;
  backLabel: string;
  forwardLabel: string;
}

/** The buttons that page back and forth, each disabled where there is no page to go to. */
export function PageNav({ pages, nextCursor, backLabel, forwardLabel }: PageNavProps) {
  return (
    <nav className="actions" aria-label="Pages">
      <button type="button" className="secondary" disabled={pages.onFirst} onClick={pages.back}>
        {backLabel}
      </button>
      <button
        type="button"
        className="secondary"
        disabled={!nextCursor}
        onClick={() => {
          if (nextCursor) pages.forward(nextCursor);
        }}
      >
        {forwardLabel}
      </button>
    </nav>
  );
}
