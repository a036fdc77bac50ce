import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { client, dataOf } from "../api/client.ts";
import type { Webhook } from "../api/types.ts";
import { DataTable } from "../ui/data-table.tsx";
import { ErrorNotice, formatDuration, formatTime, Loading } from "../ui/states.tsx";
import { CreateWebhook } from "./create-webhook.tsx";
import { WebhookDeliveries } from "./webhook-deliveries.tsx";

const stateOf = (webhook: Webhook) =>
  webhook.enabled
    ? "enabled"
    : `disabled${webhook.disabledReason ? `: ${webhook.disabledReason}` : ""}`;

export function WebhooksPage() {
  const queryClient = useQueryClient();
  const [shown, setShown] = useState<string | null>(null);
  const webhooks = useQuery({
    queryKey: ["webhooks"],
    queryFn: () => dataOf(client.GET("/v1/webhooks", { params: { query: { limit: 100 } } })),
  });
  const remove = useMutation({
    mutationFn: (id: string) =>
      dataOf(client.DELETE("/v1/webhooks/{id}", { params: { path: { id } } })),
    onSuccess: (_, id) => {
      if (shown === id) setShown(null);
      void queryClient.invalidateQueries({ queryKey: ["webhooks"] });
    },
  });
  const test = useMutation({
    mutationFn: (id: string) =>
      dataOf(client.POST("/v1/webhooks/{id}/test", { params: { path: { id } } })),
    onSuccess: (delivery) => {
      setShown(delivery.webhookId);
      void queryClient.invalidateQueries({ queryKey: ["webhooks"] });
    },
  });
  const selected = webhooks.data?.data.find((webhook) => webhook.id === shown);
  return (
    <main id="main">
      <h1>Webhooks</h1>
      <CreateWebhook />
      <h2>Webhooks</h2>
      {webhooks.isPending && <Loading what="webhooks" />}
      <ErrorNotice error={webhooks.error ?? remove.error ?? test.error} />
      {test.data && (
        <div
          className={`notice ${test.data.succeeded ? "notice-info" : "notice-error"}`}
          role="status"
        >
          <p>
            Test event {test.data.succeeded ? "delivered" : "not delivered"}
            {test.data.statusCode !== null ? `: ${test.data.statusCode}` : ""}
            {test.data.error ? `: ${test.data.error}` : ""}
            {test.data.latencyMs !== null ? ` in ${formatDuration(test.data.latencyMs)}` : ""}
          </p>
        </div>
      )}
      {webhooks.data && (
        <DataTable
          label="Webhooks"
          rows={webhooks.data.data}
          rowKey={(webhook) => webhook.id}
          empty="No webhooks."
          columns={[
            { header: "URL", cell: (webhook) => <code>{webhook.url}</code> },
            { header: "Events", cell: (webhook) => webhook.events.join(", ") },
            { header: "State", cell: stateOf },
            { header: "Created", cell: (webhook) => formatTime(webhook.createdAt) },
            {
              header: "Actions",
              cell: (webhook) => (
                <div className="actions">
                  <button
                    type="button"
                    className="secondary"
                    aria-pressed={shown === webhook.id}
                    aria-label={`Deliveries of ${webhook.url}`}
                    onClick={() => setShown(shown === webhook.id ? null : webhook.id)}
                  >
                    Deliveries
                  </button>
                  <button
                    type="button"
                    className="secondary"
                    aria-label={`Send test to ${webhook.url}`}
                    onClick={() => test.mutate(webhook.id)}
                    disabled={test.isPending}
                  >
                    Send test
                  </button>
                  <button
                    type="button"
                    className="danger"
                    aria-label={`Delete ${webhook.url}`}
                    onClick={() => remove.mutate(webhook.id)}
                    disabled={remove.isPending}
                  >
                    Delete
                  </button>
                </div>
              ),
            },
          ]}
        />
      )}
      {selected && <WebhookDeliveries webhook={selected} />}
    </main>
  );
}
