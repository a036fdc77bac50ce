import { DetectionError } from "../detect/errors.ts";

/**
 * Renders a template by substitution only: `{{name}}` inserts a value, `{{#name}}...{{/name}}`
 * keeps its body when the value is not empty, `{{^name}}...{{/name}}` when it is. Nothing in a
 * template or a value is ever evaluated. Values must be single lines without control characters
 * and may not end in a backslash, so a value can never start a new Dockerfile instruction.
 */
export function renderTemplate(
  templateId: string,
  template: string,
  values: Readonly<Record<string, string>>,
): string {
  const lookup = (name: string): string => {
    const value = values[name];
    if (value === undefined) {
      throw new DetectionError(
        "invalid_template",
        `Template "${templateId}" uses an unknown variable "${name}". Known variables: ${Object.keys(values).sort().join(", ")}.`,
      );
    }
    return value;
  };
  const sections = template.replace(
    /\{\{([#^])(\w+)\}\}([\s\S]*?)\{\{\/\2\}\}/g,
    (_, kind: string, name: string, body: string) =>
      (lookup(name) !== "") === (kind === "#") ? body : "",
  );
  if (/\{\{[#^/]/.test(sections)) {
    throw new DetectionError(
      "invalid_template",
      `Template "${templateId}" has an unclosed or nested section.`,
    );
  }
  return sections.replace(/\{\{(\w+)\}\}/g, (_, name: string) => safeValue(name, lookup(name)));
}

function safeValue(name: string, value: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
  if (/[\u0000-\u001f\u007f]/.test(value) || value.endsWith("\\")) {
    throw new DetectionError(
      "invalid_template",
      `The ${name} "${value.slice(0, 80)}" must be a single line; fix it in the repository (for example the Procfile or package.json).`,
    );
  }
  return value;
}
