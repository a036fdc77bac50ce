/**
 * What of wrangler's output the stack shows. Offline, wrangler fails to fetch the `Request.cf`
 * placeholder from workers.cloudflare.com at each start, printing a warning and a DNS error
 * with its stack trace, twice; that is harmless, so the stack says so once instead.
 */
export const OFFLINE_NOTE =
  "no internet access: Request.cf uses wrangler's placeholder (harmless locally)";

const CF_WARNING = /Unable to fetch the `Request\.cf` object|cf\.json/;
/**
 * `d1 migrations apply` redraws its whole status table after each migration it applies: on a
 * first start that is hundreds of lines saying the same. The stack keeps the line announcing
 * how many it applies and any error, and leaves out the tables and per-migration progress.
 */
const MIGRATION_PROGRESS = /^\s*([┌├└│]|🌀 |🚣 \d+ commands? executed)/u;
const CF_LOOKUP_ERROR = /getaddrinfo (ENOTFOUND|EAI_AGAIN) workers\.cloudflare\.com/;
const STACK_FRAME = /^\s+at /;

/** A stateful line filter: the line to print (possibly rewritten) or undefined to drop it. */
export function wranglerOutput(): (line: string) => string | undefined {
  let noted = false;
  let inLookupError = false;
  return (line) => {
    if (inLookupError && STACK_FRAME.test(line)) return undefined;
    inLookupError = false;
    if (!line.trim() || MIGRATION_PROGRESS.test(line)) return undefined;
    if (CF_LOOKUP_ERROR.test(line)) {
      inLookupError = true;
      return undefined;
    }
    if (CF_WARNING.test(line)) {
      if (noted) return undefined;
      noted = true;
      return OFFLINE_NOTE;
    }
    return line;
  };
}
