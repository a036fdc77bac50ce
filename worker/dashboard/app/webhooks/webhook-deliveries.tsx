import { useQuery } from "@tanstack/react-query";
import { client, dataOf } from "../api/client.ts";
import type { Webhook, WebhookDelivery } from "../api/types.ts";
import { type Column, DataTable } from "../ui/data-table.tsx";
import { ErrorNotice, formatDuration, formatTime, Loading } from "../ui/states.tsx";

const COLUMNS: Column<WebhookDelivery>[] = [
  { header: "Event", cell: (delivery) => delivery.eventType },
  { header: "Attempt", cell: (delivery) => delivery.attempt },
  {
    header: "Status",
    cell: (delivery) => (
      <>
        {delivery.succeeded ? "delivered" : "failed"}
        {delivery.statusCode !== null ? ` (${delivery.statusCode})` : ""}
        {delivery.error ? `: ${delivery.error}` : ""}
      </>
    ),
  },
  { header: "Latency", cell: (delivery) => formatDuration(delivery.latencyMs ?? undefined) },
  { header: "Time", cell: (delivery) => formatTime(delivery.createdAt) },
];

/** Every delivery attempt of one webhook, newest first, as the API lists them. */
export function WebhookDeliveries({ webhook }: { webhook: Webhook }) {
  const deliveries = useQuery({
    queryKey: ["webhooks", webhook.id, "deliveries"],
    queryFn: () =>
      dataOf(
        client.GET("/v1/webhooks/{id}/deliveries", {
          params: { path: { id: webhook.id }, query: { limit: 50 } },
        }),
      ),
  });
  return (
    <section className="card" aria-labelledby="deliveries-heading">
      <h2 id="deliveries-heading">Deliveries to {webhook.url}</h2>
      {deliveries.isPending && <Loading what="deliveries" />}
      <ErrorNotice error={deliveries.error} />
      {deliveries.data && (
        <DataTable
          label="Deliveries"
          rows={deliveries.data.data}
          rowKey={(delivery) => delivery.id}
          columns={COLUMNS}
          empty="No deliveries yet."
        />
      )}
    </section>
  );
}
