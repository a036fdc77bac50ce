import { useMutation } from "@tanstack/react-query";
import { useEffect } from "react";
import { dryRun } from "../api/dry-run.ts";
import { ApiProblem } from "../api/problem.ts";
import { Field, SelectField } from "../ui/field.tsx";
import { ErrorNotice, Loading } from "../ui/states.tsx";
import { DetectionPreview } from "./detection-preview.tsx";
import { DATABASE_VERSIONS, type Draft, domainList, slugFrom, toRequest } from "./draft.ts";
import { usePlanChoices } from "./use-plan-choices.ts";
import { useSlugCheck } from "./use-slug-check.ts";

export interface StepProps {
  draft: Draft;
  update: (change: (draft: Draft) => Draft) => void;
  problem: ApiProblem | null;
}

const QUOTA_SHOWN = [
  ["requestsCpu", "CPU (requested)"],
  ["requestsMemory", "Memory (requested)"],
  ["pods", "Pods"],
  ["replicas", "Replicas per service"],
  ["databaseStorage", "Database storage"],
] as const;

export function BasicsStep({ draft, update, problem }: StepProps) {
  const check = useSlugCheck(draft.slug, draft.plan);
  const slugStatus =
    check.state === "checking"
      ? "Checking…"
      : check.state === "available"
        ? "Available"
        : check.state === "refused"
          ? undefined
          : "Becomes <slug>.<base domain>";
  return (
    <>
      <Field
        label="Name"
        value={draft.name}
        onChange={(e) => {
          const name = e.target.value;
          update((d) => ({ ...d, name, slug: d.slugEdited ? d.slug : slugFrom(name) }));
        }}
        error={problem?.forField("name")}
        autoComplete="organization"
        required
      />
      <Field
        label="Slug"
        value={draft.slug}
        onChange={(e) => {
          const slug = e.target.value;
          update((d) => ({ ...d, slug, slugEdited: true }));
        }}
        hint={<span aria-live="polite">{slugStatus}</span>}
        error={check.state === "refused" ? check.message : problem?.forField("slug")}
        autoComplete="off"
        spellCheck={false}
        required
      />
      <PlanField draft={draft} update={update} problem={problem} />
      {check.state === "available" && (
        <div className="card">
          <p>
            <strong>{check.plan}</strong> includes:
          </p>
          <dl className="facts">
            {QUOTA_SHOWN.map(([key, label]) => (
              <div key={key} className="contents">
                <dt>{label}</dt>
                <dd>{String(check.quota[key] ?? "")}</dd>
              </div>
            ))}
          </dl>
        </div>
      )}
    </>
  );
}

/**
 * The plans the API lists, the organization's default preselected. When they cannot be loaded
 * the wizard goes on without a plan in the request, so the API applies the default.
 */
function PlanField({ draft, update, problem }: StepProps) {
  const plans = usePlanChoices();
  const preselected = plans.state === "ready" ? plans.preselected : "";
  useEffect(() => {
    if (preselected) update((d) => (d.plan ? d : { ...d, plan: preselected }));
  }, [preselected, update]);
  if (plans.state === "loading") return <Loading what="plans" />;
  if (plans.state === "failed") {
    return (
      <div className="field">
        <div className="notice notice-error" role="alert">
          <p>
            The plans could not be loaded (
            {plans.error instanceof Error ? plans.error.message : String(plans.error)}). You can go
            on: the tenant gets your organization's default plan.
          </p>
          <p>
            <button type="button" className="secondary" onClick={plans.retry}>
              Load the plans again
            </button>
          </p>
        </div>
      </div>
    );
  }
  return (
    <SelectField
      label="Plan"
      value={draft.plan}
      onChange={(plan) => update((d) => ({ ...d, plan }))}
      options={plans.choices}
      error={problem?.forField("plan")}
    />
  );
}

/**
 * Reads the repository before anything is created: a dry run of the request as it stands,
 * whose answer carries what the runner detected (or why it could not).
 */
function DetectionCheck({ draft }: { draft: Draft }) {
  const check = useMutation({ mutationFn: () => dryRun(toRequest(draft)) });
  const service = check.data?.services[0];
  return (
    <>
      <p>
        <button
          type="button"
          className="secondary"
          onClick={() => check.mutate()}
          disabled={check.isPending}
        >
          {check.isPending ? "Reading the repository…" : "Preview what will be built"}
        </button>
      </p>
      {check.error instanceof ApiProblem && check.error.errors.length > 0 ? (
        <div className="notice notice-error" role="alert">
          <p>{check.error.message}:</p>
          <ul>
            {check.error.errors.map((e) => (
              <li key={`${e.path}:${e.message}`}>
                <code>{e.path}</code> {e.message}
              </li>
            ))}
          </ul>
        </div>
      ) : (
        <ErrorNotice error={check.error} />
      )}
      {service && <DetectionPreview name={service.name} preview={service.detection} />}
    </>
  );
}

export function ServiceStep({ draft, update, problem }: StepProps) {
  const s = draft.service;
  const set = (change: Partial<Draft["service"]>) =>
    update((d) => ({ ...d, service: { ...d.service, ...change } }));
  const err = (path: string) => problem?.forField(`services.0.${path}`);
  return (
    <>
      <Field
        label="Service name"
        value={s.name}
        onChange={(e) => set({ name: e.target.value })}
        error={err("name")}
      />
      <fieldset>
        <legend>Source</legend>
        {(
          [
            ["git", "Git repository"],
            ["github", "GitHub repository"],
            ["image", "Container image"],
          ] as const
        ).map(([type, label]) => (
          <label key={type} className="choice">
            <input
              type="radio"
              name="source-type"
              value={type}
              checked={s.sourceType === type}
              onChange={() => set({ sourceType: type })}
            />
            {label}
          </label>
        ))}
      </fieldset>
      {s.sourceType === "git" && (
        <Field
          label="Git URL"
          value={s.url}
          onChange={(e) => set({ url: e.target.value })}
          hint="https:// or ssh://; on the local stack also a folder on this machine or file://"
          error={err("source.url") ?? err("source")}
          spellCheck={false}
        />
      )}
      {s.sourceType === "github" && (
        <Field
          label="GitHub repository"
          value={s.repo}
          onChange={(e) => set({ repo: e.target.value })}
          hint="owner/repository"
          error={err("source.repo") ?? err("source")}
          spellCheck={false}
        />
      )}
      {s.sourceType === "image" && (
        <Field
          label="Image"
          value={s.image}
          onChange={(e) => set({ image: e.target.value })}
          hint="e.g. ghcr.io/acme/app:1.2.3"
          error={err("source.image") ?? err("source")}
          spellCheck={false}
        />
      )}
      {s.sourceType !== "image" && (
        <div className="row">
          <Field
            label="Branch or tag"
            value={s.ref}
            onChange={(e) => set({ ref: e.target.value })}
            error={err("source.ref")}
          />
          <Field
            label="Folder in the repository"
            value={s.path}
            onChange={(e) => set({ path: e.target.value })}
            error={err("source.path")}
          />
        </div>
      )}
      <div className="row">
        <Field
          label="Port"
          inputMode="numeric"
          value={s.port}
          onChange={(e) => set({ port: e.target.value })}
          error={err("port")}
        />
        <Field
          label="Health check path"
          value={s.healthPath}
          onChange={(e) => set({ healthPath: e.target.value })}
          error={err("healthPath")}
        />
      </div>
      {s.sourceType !== "image" && <DetectionCheck draft={draft} />}
    </>
  );
}

export function DatabaseStep({ draft, update, problem }: StepProps) {
  const engine = draft.database.engine;
  return (
    <>
      <fieldset>
        <legend>Database</legend>
        {(
          [
            ["none", "No database"],
            ["postgres", "PostgreSQL"],
            ["mysql", "MySQL"],
          ] as const
        ).map(([value, label]) => (
          <label key={value} className="choice">
            <input
              type="radio"
              name="database-engine"
              value={value}
              checked={engine === value}
              onChange={() =>
                update((d) => ({
                  ...d,
                  database: {
                    engine: value,
                    version: value === "none" ? "" : (DATABASE_VERSIONS[value][1] ?? ""),
                  },
                }))
              }
            />
            {label}
          </label>
        ))}
      </fieldset>
      {engine !== "none" && (
        <SelectField
          label="Version"
          value={draft.database.version}
          onChange={(version) => update((d) => ({ ...d, database: { ...d.database, version } }))}
          options={DATABASE_VERSIONS[engine].map((v) => ({ value: v, label: v }))}
          error={problem?.forField("database.version") ?? problem?.forField("database")}
          hint="Runs in the tenant's namespace; DATABASE_URL is given to the service"
        />
      )}
    </>
  );
}

export function DomainsStep({ draft, update, problem }: StepProps) {
  const domains = domainList(draft.domains);
  const errors = domains
    .map((_, index) => problem?.forField(`domains.${index}`))
    .filter(Boolean)
    .join("; ");
  return (
    <>
      <Field
        label="Custom domains"
        value={draft.domains}
        onChange={(e) => update((d) => ({ ...d, domains: e.target.value }))}
        hint="Optional; separate several with spaces or commas"
        error={errors || problem?.forField("domains")}
        spellCheck={false}
      />
      {domains.length > 0 && (
        <div className="card">
          <p>Create these DNS records; each domain gets its certificate once they resolve:</p>
          <ul>
            {domains.map((domain) => (
              <li key={domain}>
                <code>
                  {domain} CNAME {draft.slug || "<slug>"}.&lt;base domain&gt;
                </code>
              </li>
            ))}
          </ul>
        </div>
      )}
    </>
  );
}

export function EnvStep({ draft, update, problem }: StepProps) {
  const setRow = (index: number, change: Partial<Draft["env"][number]>) =>
    update((d) => ({
      ...d,
      env: d.env.map((row, i) => (i === index ? { ...row, ...change } : row)),
    }));
  return (
    <>
      <p className="hint">
        Values are encrypted at rest and never shown again, here or by the API.
      </p>
      {draft.env.map((row, index) => (
        // Rows are edited in place and have no id of their own.
        // biome-ignore lint/suspicious/noArrayIndexKey: positional rows
        <div className="row" key={index}>
          <Field
            label={`Variable ${index + 1} name`}
            value={row.name}
            onChange={(e) => setRow(index, { name: e.target.value })}
            error={row.name ? problem?.forField(`services.0.env.${row.name}`) : undefined}
            spellCheck={false}
            autoComplete="off"
          />
          <Field
            label={`Variable ${index + 1} value`}
            type="password"
            value={row.value}
            onChange={(e) => setRow(index, { value: e.target.value })}
            autoComplete="off"
          />
          <div className="actions">
            <button
              type="button"
              className="secondary"
              onClick={() => update((d) => ({ ...d, env: d.env.filter((_, i) => i !== index) }))}
            >
              Remove variable {index + 1}
            </button>
          </div>
        </div>
      ))}
      {problem?.forField("services.0.env") && (
        <p className="error" role="alert">
          {problem.forField("services.0.env")}
        </p>
      )}
      <button
        type="button"
        className="secondary"
        onClick={() => update((d) => ({ ...d, env: [...d.env, { name: "", value: "" }] }))}
      >
        Add a variable
      </button>
    </>
  );
}
