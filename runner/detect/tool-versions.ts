import type { StringFinding } from "../../worker/contracts/detection.ts";
import { majorVersion } from "./ecosystem.ts";
import type { AppView } from "./view.ts";

/** Files of the version managers (asdf, mise) that pin one version per tool. */
export const TOOL_VERSION_FILES = [".tool-versions", "mise.toml", ".mise.toml"];

/**
 * The version a version manager pins for a tool, reduced to `parts` components: asdf's
 * `.tool-versions` ("nodejs 20.11.1") or mise's `[tools]` table (`node = "20"`, or
 * `python = ["3.12"]`). `names` are the tool's aliases ("node", "nodejs").
 */
export function pinnedToolVersion(
  view: AppView,
  names: readonly string[],
  parts: number,
): StringFinding | null {
  const asdf = view.text(".tool-versions");
  if (asdf !== null) {
    for (const name of names) {
      const declared = asdf.match(new RegExp(`^${name}\\s+(\\S+)`, "m"))?.[1];
      const version = declared ? majorVersion(declared, parts) : null;
      if (declared && version) {
        return view.finding(version, "definite", ".tool-versions", `${name} ${declared}`);
      }
    }
  }
  for (const file of ["mise.toml", ".mise.toml"]) {
    const tools = view.toml(file)?.tools;
    if (typeof tools !== "object" || tools === null) continue;
    for (const name of names) {
      const entry = (tools as Record<string, unknown>)[name];
      const declared = Array.isArray(entry) ? entry[0] : entry;
      const text =
        typeof declared === "string"
          ? declared
          : typeof declared === "object" && declared !== null
            ? (declared as Record<string, unknown>).version
            : undefined;
      const version = typeof text === "string" ? majorVersion(text, parts) : null;
      if (typeof text === "string" && version) {
        return view.finding(version, "definite", file, `[tools] ${name} = "${text}"`);
      }
    }
  }
  return null;
}
