import type { UseQueryResult } from "@tanstack/react-query";
import { ApiProblem } from "../api/problem.ts";
import type { DryRun } from "../api/types.ts";
import { ErrorNotice, Loading } from "../ui/states.tsx";
import { DetectionPreview } from "./detection-preview.tsx";
import { cliCommand, curlCommand, masked, STEPS, stepOfPath, type WizardRequest } from "./draft.ts";

interface ReviewProps {
  request: WizardRequest;
  preview: UseQueryResult<DryRun>;
  goTo: (step: number) => void;
}

function Problems({ error, goTo }: { error: unknown; goTo: (step: number) => void }) {
  if (!(error instanceof ApiProblem) || error.errors.length === 0) {
    return <ErrorNotice error={error} />;
  }
  return (
    <div className="notice notice-error" role="alert">
      <p>{error.message}:</p>
      <ul>
        {error.errors.map((e) => (
          <li key={`${e.path}:${e.message}`}>
            <code>{e.path}</code> {e.message}{" "}
            <button type="button" className="secondary" onClick={() => goTo(stepOfPath(e.path))}>
              Fix in “{STEPS[stepOfPath(e.path)]}”
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** What the dry run says would be created, and the same request as JSON, curl and CLI. */
export function ReviewStep({ request, preview, goTo }: ReviewProps) {
  const origin = window.location.origin;
  return (
    <>
      {preview.isPending && <Loading what="the dry run" />}
      {preview.isError && <Problems error={preview.error} goTo={goTo} />}
      {preview.data && (
        <section className="card" aria-labelledby="preview-heading">
          <h2 id="preview-heading">What will be created</h2>
          <dl className="facts">
            <dt>Tenant</dt>
            <dd>
              {preview.data.tenant.name} at {preview.data.tenant.url}
            </dd>
            <dt>Plan</dt>
            <dd>
              {preview.data.plan.name}: {preview.data.usage.pods.used} of{" "}
              {preview.data.usage.pods.allowed} pods, {preview.data.usage.services.used} of{" "}
              {preview.data.usage.services.allowed} services
            </dd>
            {preview.data.services.map((s) => (
              <div key={s.name} className="contents">
                <dt>Service {s.name}</dt>
                <dd>
                  port {s.port}, health {s.healthPath}, {s.replicas} replica(s); {s.build}
                  {Object.keys(s.env).length > 0 && `; env ${Object.keys(s.env).join(", ")}`}
                </dd>
              </div>
            ))}
            <dt>Database</dt>
            <dd>
              {preview.data.database
                ? `${preview.data.database.image}, ${preview.data.database.storage} storage`
                : "none"}
            </dd>
            {preview.data.domains.map((d) => (
              <div key={d.domain} className="contents">
                <dt>Domain</dt>
                <dd>
                  {d.records.map((r) => (
                    <code key={r.name}>
                      {r.name} {r.type} {r.value}
                    </code>
                  ))}
                </dd>
              </div>
            ))}
          </dl>
        </section>
      )}
      {preview.data?.services.map((s) => (
        <DetectionPreview key={s.name} name={s.name} preview={s.detection} />
      ))}
      <h2>The request</h2>
      <p className="hint">Environment values are masked here; the request sends them.</p>
      <pre data-testid="request-json">
        <code>{JSON.stringify(masked(request), null, 2)}</code>
      </pre>
      <h2>The same with curl</h2>
      <pre data-testid="curl-command">
        <code>{curlCommand(origin, request)}</code>
      </pre>
      <h2>The same with the CLI</h2>
      <pre data-testid="cli-command">
        <code>{cliCommand(request)}</code>
      </pre>
    </>
  );
}
