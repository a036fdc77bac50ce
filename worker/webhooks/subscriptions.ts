import { ALL_WEBHOOK_EVENTS } from "../contracts/index.ts";

/** Whether a webhook subscribed to `events` receives an event of `type`. */
export const subscribes = (events: readonly string[], type: string): boolean =>
  events.includes(ALL_WEBHOOK_EVENTS) || events.includes(type);
