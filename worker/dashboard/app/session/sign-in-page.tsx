import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useLocation, useSearch } from "wouter";
import { client, dataOf } from "../api/client.ts";
import { fieldError } from "../api/problem.ts";
import type { Session } from "../api/types.ts";
import { Field } from "../ui/field.tsx";
import { ErrorNotice, Loading } from "../ui/states.tsx";
import { sessionKey, useSignInOptions } from "./use-session.ts";

/**
 * Locally the development organization signs in with one click; anywhere an API key works;
 * in production, the identity provider (the browser goes there and comes back signed in).
 */
export function SignInPage() {
  const options = useSignInOptions();
  const queryClient = useQueryClient();
  const [, navigate] = useLocation();
  const search = new URLSearchParams(useSearch());
  const [apiKey, setApiKey] = useState("");
  const signedIn = (session: Session) => {
    queryClient.setQueryData(sessionKey, { signedIn: true, ...session });
    navigate("/");
  };
  const local = useMutation({
    mutationFn: () => dataOf(client.POST("/v1/session/local")),
    onSuccess: signedIn,
  });
  const withKey = useMutation({
    mutationFn: () => dataOf(client.POST("/v1/session", { body: { apiKey } })),
    onSuccess: signedIn,
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    withKey.mutate();
  };

  return (
    <main id="main">
      <h1>Sign in to Enclave</h1>
      {search.get("error") === "oidc" && (
        <div className="notice notice-error" role="alert">
          <p>Sign-in at your identity provider did not complete. Try again.</p>
        </div>
      )}
      {search.get("error") === "not_member" && (
        <div className="notice notice-error" role="alert">
          <p>You are not a member of any organization. Ask an admin of yours to add you.</p>
        </div>
      )}
      {options.isPending && <Loading what="sign-in options" />}
      <ErrorNotice error={options.error} />
      {options.data?.local && (
        <section className="card" aria-labelledby="local-heading">
          <h2 id="local-heading">Local stack</h2>
          <p>This Enclave runs on your machine: use its development organization.</p>
          <ErrorNotice error={local.error} />
          <button type="button" onClick={() => local.mutate()} disabled={local.isPending}>
            Sign in as the development organization
          </button>
        </section>
      )}
      {options.data?.oidc && (
        <section className="card" aria-labelledby="oidc-heading">
          <h2 id="oidc-heading">Your organization's account</h2>
          <a className="button" href="/v1/session/oidc/start">
            Sign in with your identity provider
          </a>
        </section>
      )}
      <section className="card" aria-labelledby="key-heading">
        <h2 id="key-heading">API key</h2>
        <form onSubmit={submit} noValidate>
          <Field
            label="API key"
            type="password"
            autoComplete="off"
            value={apiKey}
            onChange={(e) => setApiKey(e.target.value)}
            hint="Kept in an HttpOnly cookie for this browser session; never stored by the page."
            error={fieldError(withKey.error, "apiKey")}
            required
          />
          {withKey.error && !fieldError(withKey.error, "apiKey") && (
            <ErrorNotice error={withKey.error} />
          )}
          <button type="submit" disabled={withKey.isPending || apiKey.length === 0}>
            Sign in with the key
          </button>
        </form>
      </section>
    </main>
  );
}
