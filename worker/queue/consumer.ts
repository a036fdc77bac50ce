import type { JobMessage } from "../contracts/index.ts";
import type { Env } from "../env.ts";

/** Placeholder until the job dispatcher lands: it acknowledges every message. */
export async function handleQueue(_batch: MessageBatch<JobMessage>, _env: Env): Promise<void> {}
