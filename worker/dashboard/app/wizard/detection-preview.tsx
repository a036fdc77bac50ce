import type { DryRun } from "../api/types.ts";

type Preview = DryRun["services"][number]["detection"];
type Detected = Extract<NonNullable<Preview>, { status: "detected" }>["detection"];
type Finding = {
  value: string | number;
  confidence: string;
  evidence: { file: string; signal: string }[];
};

/** One finding with the files and signals it rests on, folded away until asked for. */
function FindingRow({ label, finding }: { label: string; finding: Finding | null | undefined }) {
  if (!finding) return null;
  return (
    <div className="contents">
      <dt>{label}</dt>
      <dd>
        <code>{String(finding.value)}</code> <span className="hint">({finding.confidence})</span>
        {finding.evidence.length > 0 && (
          <details>
            <summary>Evidence</summary>
            <ul>
              {finding.evidence.map((e) => (
                <li key={`${e.file}:${e.signal}`}>
                  <code>{e.file}</code>: {e.signal}
                </li>
              ))}
            </ul>
          </details>
        )}
      </dd>
    </div>
  );
}

function DetectedFacts({ detection }: { detection: Detected }) {
  return (
    <dl className="facts">
      {detection.languages.map((l) => (
        <FindingRow key={`language:${l.value}`} label="Language" finding={l} />
      ))}
      {detection.frameworks.map((f) => (
        <FindingRow key={`framework:${f.value}`} label="Framework" finding={f} />
      ))}
      <FindingRow label="Package manager" finding={detection.packageManager} />
      <FindingRow label="Build command" finding={detection.buildCommand} />
      <FindingRow label="Start command" finding={detection.startCommand} />
      <FindingRow label="Port" finding={detection.port} />
      <FindingRow label="Health path" finding={detection.healthPath} />
      <dt>Built with</dt>
      <dd>
        {detection.dockerfile
          ? `the repository's ${detection.dockerfile.path}`
          : detection.template
            ? `the ${detection.template} template`
            : "no template"}
      </dd>
    </dl>
  );
}

/** What the runner read in a service's repository, or why it could not: before anything exists. */
export function DetectionPreview({ name, preview }: { name: string; preview: Preview }) {
  if (!preview) return null;
  return (
    <section className="card" aria-label={`What will be built for ${name}`}>
      <h3>What will be built for {name}</h3>
      {preview.status === "detected" && <DetectedFacts detection={preview.detection} />}
      {preview.status === "failed" && (
        <div className="notice notice-error" role="alert">
          <p>
            <code>{preview.code}</code> {preview.message}
          </p>
          {"candidates" in preview && (preview.candidates?.length ?? 0) > 0 && (
            <p>
              Apps in this repository:{" "}
              {preview.candidates?.map((c) => (
                <code key={c.path}>{c.path} </code>
              ))}
              — set the folder to one of them.
            </p>
          )}
        </div>
      )}
      {preview.status === "unavailable" && (
        <div className="notice notice-info">
          <p>{preview.message}</p>
        </div>
      )}
    </section>
  );
}
