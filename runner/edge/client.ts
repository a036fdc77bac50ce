import { Agent, request } from "undici";
import { DeploymentSpec, type ProgressBatch } from "../../worker/contracts/index.ts";
import { parseRetryAfter } from "../retry/retry.ts";
import type { PostAnswer } from "./reporter.ts";
import { signRunnerToken, type TokenScope } from "./token.ts";

export interface EdgeClientOptions {
  edgeUrl: string;
  tokenSecret: string;
  runnerId: string;
  /** Per request, connect to last byte. */
  requestTimeoutMs?: number;
}

/** A failed edge call; `retryable` says whether trying again can help. */
export class EdgeError extends Error {
  readonly status: number | undefined;
  readonly retryable: boolean;
  /** How long the edge asked the runner to wait (Retry-After), when it asked. */
  readonly retryAfterMs: number | undefined;
  constructor(
    message: string,
    options: { status?: number; retryable: boolean; retryAfterMs?: number; cause?: unknown },
  ) {
    super(message, { cause: options.cause });
    this.name = "EdgeError";
    this.status = options.status;
    this.retryable = options.retryable;
    this.retryAfterMs = options.retryAfterMs;
  }
}

/** Anything but an answer that says trying again cannot help (a refusal, a bad request). */
export const isRetryableEdgeError = (error: unknown) =>
  !(error instanceof EdgeError) || error.retryable;

export const edgeRetryAfterMs = (error: unknown) =>
  error instanceof EdgeError ? error.retryAfterMs : undefined;

/** The edge refused the claim on an attempt: another runner runs it, or it is stale or over. */
export class ClaimRefused extends EdgeError {
  constructor(message: string) {
    super(message, { status: 409, retryable: false });
    this.name = "ClaimRefused";
  }
}

const isRetryableStatus = (status: number) => status === 408 || status === 429 || status >= 500;

/** The `detail` of an RFC 9457 problem body, when the answer is one. */
const problemDetail = (text: string): string | undefined => {
  try {
    const { detail } = JSON.parse(text) as { detail?: unknown };
    return typeof detail === "string" ? detail : undefined;
  } catch {
    return undefined;
  }
};

/** The Worker's internal API: the spec of a deployment, and progress events back. */
export class EdgeClient {
  readonly #options: EdgeClientOptions;
  readonly #agent: Agent;

  constructor(options: EdgeClientOptions) {
    this.#options = options;
    const timeout = options.requestTimeoutMs ?? 10_000;
    this.#agent = new Agent({
      connectTimeout: timeout,
      headersTimeout: timeout,
      bodyTimeout: timeout,
    });
  }

  /** Claims the attempt for this runner; the spec comes only with the claim. */
  async fetchSpec(
    deploymentId: string,
    attempt: number,
    purpose: "run" | "cleanup" = "run",
  ): Promise<DeploymentSpec> {
    const query = purpose === "run" ? "" : `&purpose=${purpose}`;
    const path = `/internal/v1/deployments/${deploymentId}/spec?attempt=${attempt}${query}`;
    let body: unknown;
    try {
      body = await this.#call("GET", path, { deploymentId, attempt });
    } catch (error) {
      if (error instanceof EdgeError && error.status === 409) throw new ClaimRefused(error.message);
      throw error;
    }
    const parsed = DeploymentSpec.safeParse(body);
    if (!parsed.success) {
      throw new EdgeError(`the edge sent an invalid spec for ${deploymentId}`, {
        retryable: false,
        cause: parsed.error,
      });
    }
    return parsed.data;
  }

  /**
   * Delivers a batch, which speaks for one attempt (the reporter sends each attempt's events on
   * their own); the answer says whether the deployment was cancelled meanwhile.
   */
  async postEvents(deploymentId: string, batch: ProgressBatch): Promise<PostAnswer> {
    const attempt = batch.events[0]?.attempt ?? 1;
    const path = `/internal/v1/deployments/${deploymentId}/events`;
    const answer = await this.#call("POST", path, { deploymentId, attempt }, batch);
    return { cancelled: (answer as PostAnswer | undefined)?.cancelled === true };
  }

  /** Tells the edge the job is still here (queued or busy); answers whether to keep it. */
  async heartbeat(
    deploymentId: string,
    beat: { attempt: number; state: "queued" | "running"; position?: number },
  ): Promise<boolean> {
    const path = `/internal/v1/deployments/${deploymentId}/heartbeat`;
    const answer = await this.#call("POST", path, { deploymentId, attempt: beat.attempt }, beat);
    return (answer as { alive?: unknown } | undefined)?.alive === true;
  }

  /** Hands an attempt back on shutdown; answers whether the edge re-dispatched it. */
  async release(deploymentId: string, attempt: number, reason: string): Promise<boolean> {
    const path = `/internal/v1/deployments/${deploymentId}/release`;
    const answer = await this.#call("POST", path, { deploymentId, attempt }, { attempt, reason });
    return (answer as { redispatched?: unknown } | undefined)?.redispatched === true;
  }

  close(): Promise<void> {
    return this.#agent.close();
  }

  async #call(
    method: "GET" | "POST",
    path: string,
    scope: TokenScope,
    payload?: unknown,
  ): Promise<unknown> {
    const token = await signRunnerToken(this.#options.tokenSecret, this.#options.runnerId, scope);
    let response: Awaited<ReturnType<typeof request>>;
    try {
      response = await request(new URL(path, this.#options.edgeUrl), {
        method,
        dispatcher: this.#agent,
        headers: {
          authorization: `Bearer ${token}`,
          accept: "application/json",
          ...(payload === undefined ? {} : { "content-type": "application/json" }),
        },
        ...(payload === undefined ? {} : { body: JSON.stringify(payload) }),
      });
    } catch (error) {
      throw new EdgeError(`${method} ${path} did not reach the edge`, {
        retryable: true,
        cause: error,
      });
    }
    const text = await response.body.text().catch(() => "");
    if (response.statusCode >= 300) {
      const detail = problemDetail(text);
      const answer = `${method} ${path} answered ${response.statusCode}`;
      const retryAfter = response.headers["retry-after"];
      throw new EdgeError(detail ? `${answer}: ${detail}` : answer, {
        status: response.statusCode,
        retryable: isRetryableStatus(response.statusCode),
        retryAfterMs: parseRetryAfter(Array.isArray(retryAfter) ? retryAfter[0] : retryAfter),
      });
    }
    if (text === "") return undefined;
    try {
      return JSON.parse(text);
    } catch (error) {
      throw new EdgeError(`${method} ${path} answered with invalid JSON`, {
        retryable: false,
        cause: error,
      });
    }
  }
}
