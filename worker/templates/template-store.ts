import { and, desc, eq } from "drizzle-orm";
import { BUILTIN_TEMPLATES } from "../../runner/templates/builtin/index.ts";
import { auditInsert, platformAudit } from "../db/audit.ts";
import type { Database } from "../db/client.ts";
import { loadPlatformConfig } from "../db/platform-config.ts";
import { platformConfig, templateVersions } from "../db/schema.ts";
import { ApiError } from "../errors/api-error.ts";
import { nowIso } from "../lib/time.ts";
import { templateContentHash } from "./render-template.ts";
import { templateProblems } from "./validate-template.ts";

export interface TemplateSummary {
  name: string;
  /** `override`: the operator's; `builtin`: shipped with Enclave. */
  source: "override" | "builtin";
  /** The override's version number; `builtin` for a built-in; null for an override written through `/v1/admin/config`. */
  version: number | "builtin" | null;
  contentHash: string;
  /** Whether a built-in of this name exists (what a DELETE of the override falls back to). */
  hasBuiltin: boolean;
}

const hasBuiltin = (name: string) => Object.hasOwn(BUILTIN_TEMPLATES, name);

async function overrides(db: Database): Promise<Record<string, string>> {
  return (await loadPlatformConfig(db)).templates;
}

async function history(db: Database, name: string) {
  return db
    .select({
      version: templateVersions.version,
      contentHash: templateVersions.contentHash,
      createdAt: templateVersions.createdAt,
    })
    .from(templateVersions)
    .where(eq(templateVersions.name, name))
    .orderBy(desc(templateVersions.version));
}

async function summarize(
  db: Database,
  name: string,
  content: string,
  isOverride: boolean,
): Promise<TemplateSummary> {
  const contentHash = await templateContentHash(content);
  let version: TemplateSummary["version"] = "builtin";
  if (isOverride) {
    const [row] = await db
      .select({ version: templateVersions.version })
      .from(templateVersions)
      .where(and(eq(templateVersions.name, name), eq(templateVersions.contentHash, contentHash)))
      .orderBy(desc(templateVersions.version))
      .limit(1);
    version = row?.version ?? null;
  }
  return {
    name,
    source: isOverride ? "override" : "builtin",
    version,
    contentHash,
    hasBuiltin: hasBuiltin(name),
  };
}

export async function listTemplates(db: Database): Promise<TemplateSummary[]> {
  const current = await overrides(db);
  const names = [...new Set([...Object.keys(BUILTIN_TEMPLATES), ...Object.keys(current)])].sort();
  return Promise.all(
    names.map((name) =>
      summarize(
        db,
        name,
        current[name] ?? BUILTIN_TEMPLATES[name] ?? "",
        Object.hasOwn(current, name),
      ),
    ),
  );
}

/** The template in use under `name`: the override if there is one, else the built-in. */
export async function currentTemplate(db: Database, name: string) {
  const current = await overrides(db);
  const isOverride = Object.hasOwn(current, name);
  const content = isOverride
    ? current[name]
    : hasBuiltin(name)
      ? BUILTIN_TEMPLATES[name]
      : undefined;
  if (content === undefined) throw new ApiError("not_found", `no template named ${name}`);
  return {
    ...(await summarize(db, name, content, isOverride)),
    content,
    history: await history(db, name),
  };
}

function writeOverrides(db: Database, templates: Record<string, string>) {
  const updatedAt = nowIso();
  return db
    .insert(platformConfig)
    .values({ key: "templates", value: templates, updatedAt })
    .onConflictDoUpdate({ target: platformConfig.key, set: { value: templates, updatedAt } });
}

/**
 * Stores `content` as the template's override and its next version, once it renders with
 * sample variables into a Dockerfile that runs as non-root. Content equal to the current
 * override is no new version.
 */
export async function putTemplate(db: Database, name: string, content: string, requestId: string) {
  const problems = templateProblems(name, content);
  if (problems.length > 0) {
    throw new ApiError("validation_failed", "the template is not usable", problems);
  }
  const current = await overrides(db);
  if (current[name] !== content) {
    const [latest] = await history(db, name);
    const version = (latest?.version ?? 0) + 1;
    const contentHash = await templateContentHash(content);
    await db.batch([
      db.insert(templateVersions).values({ name, version, content, contentHash }),
      writeOverrides(db, { ...current, [name]: content }),
      auditInsert(
        db,
        platformAudit(requestId, "template.update", "template", name, { version, contentHash }),
      ),
    ]);
  }
  return currentTemplate(db, name);
}

/** Removes the override: builds fall back to the built-in of that name, if there is one. */
export async function deleteTemplate(db: Database, name: string, requestId: string) {
  const current = await overrides(db);
  if (!Object.hasOwn(current, name)) {
    throw new ApiError(
      "not_found",
      hasBuiltin(name)
        ? `template ${name} has no override; the built-in is in use`
        : `no template named ${name}`,
    );
  }
  const { [name]: _removed, ...rest } = current;
  await db.batch([
    writeOverrides(db, rest),
    auditInsert(db, platformAudit(requestId, "template.delete", "template", name)),
  ]);
}
