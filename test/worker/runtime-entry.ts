import worker from "../../worker/index.ts";

export * from "../../worker/index.ts";

/**
 * The Worker as deployed, except that the Queues' own deliveries are dropped: tests hand each
 * batch to the consumer themselves (`createMessageBatch` and `handleQueue`) and assert on
 * what it did. A message a file queued is then never consumed in the background, later, while
 * another file in the same runtime has the runner or a webhook receiver mocked.
 */
export default { ...worker, queue: async () => {} } satisfies typeof worker;
