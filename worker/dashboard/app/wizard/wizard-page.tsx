import { useMutation, useQuery } from "@tanstack/react-query";
import { type FormEvent, useMemo, useRef, useState } from "react";
import { useLocation } from "wouter";
import { client, dataOf } from "../api/client.ts";
import { dryRun } from "../api/dry-run.ts";
import { ApiProblem } from "../api/problem.ts";
import { ErrorNotice } from "../ui/states.tsx";
import { type Draft, initialDraft, STEPS, stepOfPath, toRequest } from "./draft.ts";
import { ReviewStep } from "./review-step.tsx";
import { BasicsStep, DatabaseStep, DomainsStep, EnvStep, ServiceStep } from "./steps.tsx";

const FORM_STEPS = [BasicsStep, ServiceStep, DatabaseStep, DomainsStep, EnvStep];
const REVIEW = STEPS.length - 1;

/**
 * The deployment wizard: it builds the same request as the API takes, checks it with a dry
 * run before anything exists, then creates the tenant and follows its deployment.
 */
export function WizardPage() {
  const [, navigate] = useLocation();
  const [step, setStep] = useState(0);
  const [draft, setDraft] = useState<Draft>(initialDraft);
  const heading = useRef<HTMLHeadingElement>(null);
  const request = useMemo(() => toRequest(draft), [draft]);
  // One key per request: a create retried after a dropped answer cannot create twice, and a
  // request corrected after a refusal is a new request, not a reuse of the key.
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new key for every new request
  const idempotencyKey = useMemo(() => crypto.randomUUID(), [request]);

  const preview = useQuery({
    queryKey: ["dry-run", request],
    queryFn: () => dryRun(request),
    enabled: step === REVIEW,
    retry: false,
  });
  const create = useMutation({
    mutationFn: async () => {
      const answer = await dataOf(
        client.POST("/v1/tenants", {
          params: { header: { "idempotency-key": idempotencyKey } },
          body: request,
        }),
      );
      if ("dryRun" in answer) throw new Error("The API answered a dry run to a create request");
      return answer;
    },
    onSuccess: (operation) => navigate(`/deployments/${operation.deployment.id}`),
  });
  const problem =
    (create.error instanceof ApiProblem ? create.error : null) ??
    (preview.error instanceof ApiProblem ? preview.error : null);

  const goTo = (next: number) => {
    setStep(next);
    heading.current?.focus();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (step < REVIEW) {
      goTo(step + 1);
      return;
    }
    create.mutate(undefined, {
      onError: (error) => {
        const first = error instanceof ApiProblem ? error.errors[0] : undefined;
        if (first) goTo(stepOfPath(first.path));
      },
    });
  };
  const Step = FORM_STEPS[step];

  return (
    <main id="main">
      <h1>New tenant</h1>
      <ol className="steps" aria-label="Steps">
        {STEPS.map((label, index) => (
          <li key={label} aria-current={index === step ? "step" : undefined}>
            {index + 1}. {label}
          </li>
        ))}
      </ol>
      <form onSubmit={submit} noValidate className="card" aria-labelledby="step-heading">
        <h2 id="step-heading" ref={heading} tabIndex={-1}>
          {STEPS[step]}
        </h2>
        {Step ? (
          <Step draft={draft} update={setDraft} problem={problem} />
        ) : (
          <ReviewStep request={request} preview={preview} goTo={goTo} />
        )}
        {step === REVIEW &&
          create.error &&
          !(create.error instanceof ApiProblem && create.error.errors.length > 0) && (
            <ErrorNotice error={create.error} />
          )}
        <div className="actions">
          {step > 0 && (
            <button type="button" className="secondary" onClick={() => goTo(step - 1)}>
              Back
            </button>
          )}
          {step < REVIEW ? (
            <button type="submit">Next</button>
          ) : (
            <button type="submit" disabled={!preview.isSuccess || create.isPending}>
              Create tenant
            </button>
          )}
        </div>
      </form>
    </main>
  );
}
