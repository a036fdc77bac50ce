import { badRequest } from "./errors.ts";
import { field, type KubeObject } from "./types.ts";

type Requirement =
  | { key: string; op: "=" | "!="; values: [string] }
  | { key: string; op: "in" | "notin"; values: string[] }
  | { key: string; op: "exists" | "!exists"; values: [] };

export type Matcher = (labels: Record<string, string>) => boolean;

/** Splits on commas that are not inside a `( ... )` set. */
function splitTerms(selector: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let current = "";
  for (const char of selector) {
    if (char === "(") depth += 1;
    if (char === ")") depth -= 1;
    if (char === "," && depth === 0) {
      terms.push(current.trim());
      current = "";
    } else current += char;
  }
  if (current.trim()) terms.push(current.trim());
  return terms;
}

function parseTerm(term: string): Requirement {
  const set = /^(\S+)\s+(in|notin)\s+\((.*)\)$/.exec(term);
  if (set) {
    const values = (set[3] ?? "")
      .split(",")
      .map((v) => v.trim())
      .filter(Boolean);
    return { key: set[1] ?? "", op: set[2] === "in" ? "in" : "notin", values };
  }
  const compare = /^([^=!\s]+)\s*(==|=|!=)\s*(\S*)$/.exec(term);
  if (compare) {
    return {
      key: compare[1] ?? "",
      op: compare[2] === "!=" ? "!=" : "=",
      values: [compare[3] ?? ""],
    };
  }
  if (/^![^\s=!]+$/.test(term)) return { key: term.slice(1), op: "!exists", values: [] };
  if (/^[^\s=!]+$/.test(term)) return { key: term, op: "exists", values: [] };
  throw badRequest(`unable to parse requirement: ${term}`);
}

/** Parses a label selector in the string form kubectl and client-go send. */
export function parseLabelSelector(selector: string | null | undefined): Matcher {
  if (!selector) return () => true;
  const requirements = splitTerms(selector).map(parseTerm);
  return (labels) =>
    requirements.every((r) => {
      const value = labels[r.key];
      switch (r.op) {
        case "=":
          return value === r.values[0];
        case "!=":
          return value !== r.values[0];
        case "in":
          return value !== undefined && r.values.includes(value);
        case "notin":
          return value === undefined || !r.values.includes(value);
        case "exists":
          return value !== undefined;
        case "!exists":
          return value === undefined;
        default:
          return false;
      }
    });
}

export interface LabelSelectorObject {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

/** Matches a metav1.LabelSelector; an empty selector matches everything. */
export function matchesSelectorObject(
  selector: LabelSelectorObject | undefined,
  labels: Record<string, string> | undefined,
): boolean {
  if (!selector) return false;
  const actual = labels ?? {};
  const labelsMatch = Object.entries(selector.matchLabels ?? {}).every(([k, v]) => actual[k] === v);
  return (
    labelsMatch &&
    (selector.matchExpressions ?? []).every((e) => {
      const value = actual[e.key];
      const values = e.values ?? [];
      if (e.operator === "In") return value !== undefined && values.includes(value);
      if (e.operator === "NotIn") return value === undefined || !values.includes(value);
      if (e.operator === "Exists") return value !== undefined;
      return value === undefined;
    })
  );
}

/** Parses a field selector (`metadata.name=x,status.phase!=Running`). */
export function parseFieldSelector(
  selector: string | null | undefined,
): (object: KubeObject) => boolean {
  if (!selector) return () => true;
  const requirements = splitTerms(selector).map((term) => {
    const match = /^([^=!]+)(==|=|!=)(.*)$/.exec(term);
    if (!match) throw badRequest(`invalid field selector: ${term}`);
    return { path: (match[1] ?? "").split("."), negate: match[2] === "!=", value: match[3] ?? "" };
  });
  return (object) =>
    requirements.every(({ path, negate, value }) => {
      const actual = field(object, ...path);
      const text = actual === undefined || actual === null ? "" : String(actual);
      return negate ? text !== value : text === value;
    });
}
