import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { client, dataOf } from "../api/client.ts";
import { fieldError } from "../api/problem.ts";
import type { Scope } from "../api/types.ts";
import { DataTable } from "../ui/data-table.tsx";
import { Field } from "../ui/field.tsx";
import { ErrorNotice, formatTime, Loading } from "../ui/states.tsx";

const SCOPES: Scope[] = ["read", "write", "admin"];

function CreateKey() {
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const [scopes, setScopes] = useState<Scope[]>(["read"]);
  const create = useMutation({
    mutationFn: () => dataOf(client.POST("/v1/api-keys", { body: { name, scopes } })),
    onSuccess: () => {
      setName("");
      void queryClient.invalidateQueries({ queryKey: ["api-keys"] });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  const toggle = (scope: Scope) =>
    setScopes((all) => (all.includes(scope) ? all.filter((s) => s !== scope) : [...all, scope]));
  return (
    <section className="card" aria-labelledby="create-key-heading">
      <h2 id="create-key-heading">Create a key</h2>
      {create.data && (
        <div className="notice notice-secret" role="status">
          <p>
            The key <strong>{create.data.apiKey.name}</strong> is shown this once; store it now:
          </p>
          <pre>
            <code>{create.data.key}</code>
          </pre>
        </div>
      )}
      <form onSubmit={submit} noValidate>
        <Field
          label="Name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={fieldError(create.error, "name")}
          hint="What the key is for, e.g. billing webhook"
        />
        <fieldset>
          <legend>Scopes</legend>
          {SCOPES.map((scope) => (
            <label key={scope} className="choice">
              <input
                type="checkbox"
                checked={scopes.includes(scope)}
                onChange={() => toggle(scope)}
              />
              {scope}
            </label>
          ))}
          {fieldError(create.error, "scopes") && (
            <p className="error" role="alert">
              {fieldError(create.error, "scopes")}
            </p>
          )}
        </fieldset>
        {create.error &&
          !fieldError(create.error, "name") &&
          !fieldError(create.error, "scopes") && <ErrorNotice error={create.error} />}
        <button type="submit" disabled={create.isPending}>
          Create key
        </button>
      </form>
    </section>
  );
}

export function ApiKeysPage() {
  const queryClient = useQueryClient();
  const keys = useQuery({
    queryKey: ["api-keys"],
    queryFn: () => dataOf(client.GET("/v1/api-keys", { params: { query: { limit: 100 } } })),
  });
  const revoke = useMutation({
    mutationFn: (id: string) =>
      dataOf(client.DELETE("/v1/api-keys/{id}", { params: { path: { id } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["api-keys"] }),
  });
  return (
    <main id="main">
      <h1>API keys</h1>
      <CreateKey />
      <h2>Keys</h2>
      {keys.isPending && <Loading what="keys" />}
      <ErrorNotice error={keys.error ?? revoke.error} />
      {keys.data && (
        <DataTable
          label="API keys"
          rows={keys.data.data}
          rowKey={(key) => key.id}
          empty="No keys."
          columns={[
            { header: "Name", cell: (key) => key.name },
            { header: "Prefix", cell: (key) => <code>{key.prefix}</code> },
            { header: "Scopes", cell: (key) => key.scopes.join(", ") },
            { header: "Last used", cell: (key) => formatTime(key.lastUsedAt) },
            {
              header: "State",
              cell: (key) =>
                key.revokedAt ? (
                  `revoked ${formatTime(key.revokedAt)}`
                ) : (
                  <button
                    type="button"
                    className="secondary"
                    onClick={() => revoke.mutate(key.id)}
                    aria-label={`Revoke ${key.name}`}
                  >
                    Revoke
                  </button>
                ),
            },
          ]}
        />
      )}
    </main>
  );
}
