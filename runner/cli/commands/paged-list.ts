import type { EnclaveClient } from "../api/index.ts";
import type { Page } from "../api/schemas.ts";
import { EXIT_OK, integerFlag, noPositionals, parse } from "../args.ts";
import { type Command, help } from "../context.ts";
import { table } from "../render/table.ts";

interface PagedList<T> {
  usage: string;
  /** The command line that continues the listing, before its `--cursor`. */
  command: string;
  fetch(client: EnclaveClient, query: { limit?: number; cursor?: string }): Promise<Page<T>>;
  columns: string[];
  row(item: T): string[];
}

/** A `list` command over one page of a paginated route: `--limit`, `--cursor`, `--json` or a table. */
export const pagedList =
  <T>(list: PagedList<T>): Command =>
  async (args, ctx) => {
    const { values, positionals } = parse(
      args,
      { limit: { type: "string" }, cursor: { type: "string" } },
      list.usage,
    );
    if (values.help) return help(ctx, list.usage);
    noPositionals(positionals, list.usage);
    const limit = integerFlag(values.limit, "limit", list.usage, { min: 1, max: 100 });
    const page = await list.fetch(await ctx.client(), { limit, cursor: values.cursor });
    if (ctx.out.json) {
      ctx.out.data(page);
      return EXIT_OK;
    }
    ctx.out.line(table(list.columns, page.data.map(list.row), ctx.out.out));
    if (page.nextCursor) ctx.out.note(`More: ${list.command} --cursor ${page.nextCursor}`);
    return EXIT_OK;
  };
