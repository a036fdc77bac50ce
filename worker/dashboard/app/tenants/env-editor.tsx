import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useLocation } from "wouter";
import { client, dataOf } from "../api/client.ts";
import { fieldError } from "../api/problem.ts";
import type { Service } from "../api/types.ts";
import { Field } from "../ui/field.tsx";
import { ErrorNotice } from "../ui/states.tsx";

/**
 * A service's variables: names with masked values (the API never shows them back); a change
 * sets or removes one variable and redeploys the service.
 */
export function EnvEditor({ tenantId, service }: { tenantId: string; service: Service }) {
  const [, navigate] = useLocation();
  const [name, setName] = useState("");
  const [value, setValue] = useState("");
  const change = useMutation({
    mutationFn: (body: { envSet?: Record<string, string>; envUnset?: string[] }) =>
      dataOf(
        client.PATCH("/v1/tenants/{id}/services/{name}", {
          params: { path: { id: tenantId, name: service.name } },
          body,
        }),
      ),
    onSuccess: (operation) => navigate(`/deployments/${operation.deployment.id}`),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    change.mutate({ envSet: { [name]: value } });
  };
  const names = Object.keys(service.env);
  const nameError = fieldError(change.error, "envSet");
  return (
    <div>
      {names.length === 0 ? (
        <p className="hint">No environment variables.</p>
      ) : (
        <dl className="facts">
          {names.map((key) => (
            <div key={key} className="contents">
              <dt>
                <code>{key}</code>
              </dt>
              <dd>
                <code>{service.env[key]}</code>{" "}
                <button
                  type="button"
                  className="secondary"
                  onClick={() => change.mutate({ envUnset: [key] })}
                  aria-label={`Remove ${key} and redeploy`}
                >
                  Remove
                </button>
              </dd>
            </div>
          ))}
        </dl>
      )}
      <form onSubmit={submit} className="toolbar" aria-label={`Set a variable of ${service.name}`}>
        <Field
          label="Variable name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={nameError}
          autoComplete="off"
          required
        />
        <Field
          label="Value"
          type="password"
          value={value}
          onChange={(e) => setValue(e.target.value)}
          autoComplete="off"
        />
        <button type="submit" disabled={!name || change.isPending}>
          Set and redeploy
        </button>
      </form>
      {change.error && !nameError && <ErrorNotice error={change.error} />}
    </div>
  );
}
