import { describe, expect, it } from "vitest";
import { OFFLINE_NOTE, wranglerOutput } from "../../runner/dev/wrangler-output.ts";

// What wrangler 4 prints at an offline start (trimmed), the failed Request.cf fetch twice.
const OFFLINE_START = [
  " ⛅️ wrangler 4.164.0",
  "Your Worker has access to the following bindings:",
  "",
  "[wrangler:warn] Unable to fetch the `Request.cf` object! Falling back to a default placeholder...",
  "Error: getaddrinfo ENOTFOUND workers.cloudflare.com",
  "    at GetAddrInfoReqWrap.onlookupall [as oncomplete] (node:dns:123:26)",
  "⎔ Starting local server...",
  "[wrangler:warn] Unable to fetch the `Request.cf` object! Falling back to a default placeholder...",
  "Error: getaddrinfo ENOTFOUND workers.cloudflare.com",
  "    at GetAddrInfoReqWrap.onlookupall [as oncomplete] (node:dns:123:26)",
  "[wrangler:info] Ready on http://127.0.0.1:8787",
  "✘ [ERROR] Address already in use (127.0.0.1:8787)",
];

describe("wrangler's output in the stack", () => {
  it("explains the offline Request.cf noise in one line and keeps everything else", () => {
    const filter = wranglerOutput();
    const shown = OFFLINE_START.map(filter).filter((line) => line !== undefined);
    expect(shown.join("\n")).not.toMatch(/ENOTFOUND|GetAddrInfoReqWrap|Request\.cf` object/);
    expect(shown.filter((line) => line === OFFLINE_NOTE)).toHaveLength(1);
    expect(shown).toContain("[wrangler:info] Ready on http://127.0.0.1:8787");
    expect(shown).toContain("✘ [ERROR] Address already in use (127.0.0.1:8787)");
  });

  it("shows a migration run as its announcement, without the status table redrawn per migration", () => {
    const filter = wranglerOutput();
    const table = [
      "┌──────────────┬────────┐",
      "│ name         │ status │",
      "├──────┤",
      "│ 0000_initial.sql │ ✅ │",
      "└──────┘",
    ];
    const run = [
      "Migrations to be applied:",
      ...table,
      "? About to apply 2 migration(s)",
      "🌀 Executing on local database enclave (0000) from .enclave/wrangler/v3/d1:",
      "🌀 To execute on your remote database, add a --remote flag to your wrangler command.",
      "🚣 20 commands executed successfully.",
      ...table,
      '✘ [ERROR] near "TABLE": syntax error',
    ];
    expect(run.map(filter).filter((line) => line !== undefined)).toEqual([
      "Migrations to be applied:",
      "? About to apply 2 migration(s)",
      '✘ [ERROR] near "TABLE": syntax error',
    ]);
  });

  it("keeps stack traces of other errors", () => {
    const filter = wranglerOutput();
    const lines = ["Error: something real", "    at somewhere (file.js:1:1)"];
    expect(lines.map(filter)).toEqual(lines);
  });
});
