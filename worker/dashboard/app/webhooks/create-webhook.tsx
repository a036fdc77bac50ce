import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { ALL_WEBHOOK_EVENTS, WEBHOOK_EVENT_TYPES } from "../../../contracts/webhook-events.ts";
import { client, dataOf } from "../api/client.ts";
import { fieldError } from "../api/problem.ts";
import type { WebhookEvent } from "../api/types.ts";
import { Field } from "../ui/field.tsx";
import { ErrorNotice } from "../ui/states.tsx";

/** Every event a webhook can subscribe to, `*` first (all of them, also those added later). */
const EVENTS: readonly WebhookEvent[] = [ALL_WEBHOOK_EVENTS, ...WEBHOOK_EVENT_TYPES];

const eventLabel = (event: WebhookEvent) => (event === "*" ? "All events" : event);

/** A webhook's URL and events; its signing secret is shown once, right after it is created. */
export function CreateWebhook() {
  const queryClient = useQueryClient();
  const [url, setUrl] = useState("");
  const [events, setEvents] = useState<WebhookEvent[]>(["*"]);
  const create = useMutation({
    mutationFn: () => dataOf(client.POST("/v1/webhooks", { body: { url, events } })),
    onSuccess: () => {
      setUrl("");
      void queryClient.invalidateQueries({ queryKey: ["webhooks"] });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  const toggle = (event: WebhookEvent) =>
    setEvents((all) => (all.includes(event) ? all.filter((e) => e !== event) : [...all, event]));
  const urlError = fieldError(create.error, "url");
  const eventsError = fieldError(create.error, "events");
  return (
    <section className="card" aria-labelledby="create-webhook-heading">
      <h2 id="create-webhook-heading">Create a webhook</h2>
      {create.data && (
        <div className="notice notice-secret" role="status">
          <p>
            The signing secret of <strong>{create.data.webhook.url}</strong> is shown this once;
            store it now:
          </p>
          <pre>
            <code>{create.data.secret}</code>
          </pre>
        </div>
      )}
      <form onSubmit={submit} noValidate>
        <Field
          label="URL"
          type="url"
          value={url}
          onChange={(e) => setUrl(e.target.value)}
          error={urlError}
          hint="Where each event is POSTed, signed with the secret"
        />
        <fieldset>
          <legend>Events</legend>
          {EVENTS.map((event) => (
            <label key={event} className="choice">
              <input
                type="checkbox"
                checked={events.includes(event)}
                onChange={() => toggle(event)}
              />
              {eventLabel(event)}
            </label>
          ))}
          {eventsError && (
            <p className="error" role="alert">
              {eventsError}
            </p>
          )}
        </fieldset>
        {create.error && !urlError && !eventsError && <ErrorNotice error={create.error} />}
        <button type="submit" disabled={create.isPending}>
          Create webhook
        </button>
      </form>
    </section>
  );
}
