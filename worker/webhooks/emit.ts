import type { Env } from "../env.ts";
import type { FanOutMessage } from "./webhook-events.ts";

/**
 * Queues events for the webhooks consumer with a single send, so emitting costs whoever
 * emits one queue call. A failed send is logged and not thrown: the change the event reports
 * has already been committed and must not fail because its notification could not be queued.
 */
export async function emitWebhookEvents(
  env: Pick<Env, "WEBHOOKS">,
  messages: FanOutMessage[],
): Promise<void> {
  if (messages.length === 0) return;
  try {
    await env.WEBHOOKS.sendBatch(messages.map((body) => ({ body })));
  } catch (error) {
    console.error(
      JSON.stringify({
        msg: "webhook events could not be queued",
        events: messages.map(({ event }) => ({ id: event.id, type: event.type })),
        error: String(error),
      }),
    );
  }
}
