import { useQuery } from "@tanstack/react-query";
import { client, dataOf } from "../api/client.ts";
import type { Webhook } from "../api/types.ts";
import {
  Empty,
  ErrorNotice,
  formatDuration,
  formatTime,
  Loading,
  TableWrap,
} from "../ui/states.tsx";

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
      {deliveries.data?.data.length === 0 && <Empty>No deliveries yet.</Empty>}
      {deliveries.data && deliveries.data.data.length > 0 && (
        <TableWrap label="Deliveries">
          <table>
            <thead>
              <tr>
                <th scope="col">Event</th>
                <th scope="col">Attempt</th>
                <th scope="col">Status</th>
                <th scope="col">Latency</th>
                <th scope="col">Time</th>
              </tr>
            </thead>
            <tbody>
              {deliveries.data.data.map((delivery) => (
                <tr key={delivery.id}>
                  <td>{delivery.eventType}</td>
                  <td>{delivery.attempt}</td>
                  <td>
                    {delivery.succeeded ? "delivered" : "failed"}
                    {delivery.statusCode !== null ? ` (${delivery.statusCode})` : ""}
                    {delivery.error ? `: ${delivery.error}` : ""}
                  </td>
                  <td>{formatDuration(delivery.latencyMs ?? undefined)}</td>
                  <td>{formatTime(delivery.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </section>
  );
}
