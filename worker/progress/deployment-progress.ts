import { DurableObject } from "cloudflare:workers";
import {
  isTerminalEvent,
  type PlatformConfig,
  type ProgressEvent,
  type StreamedEvent,
} from "../contracts/index.ts";
import { createDb } from "../db/client.ts";
import { loadPlatformConfig } from "../db/platform-config.ts";
import type { Env } from "../env.ts";
import { eraseTenant } from "../tenants/erase-tenant.ts";
import { emitWebhookEvents } from "../webhooks/emit.ts";
import type { FanOutMessage } from "../webhooks/webhook-events.ts";
import { claimOf, saveClaim } from "./attempt-claims.ts";
import type { DeploymentRef } from "./deployment-ref.ts";
import { appendEvent, eventById, eventsAfter, lastStage, logEvents, nextSeq } from "./event-log.ts";
import { deliverSse, deliverWebSocket, type SocketAttachment } from "./fan-out.ts";
import {
  initialProgressState,
  type ProgressState,
  readProgressState,
  writeProgressState,
} from "./progress-state.ts";
import { silenceAllowanceSeconds } from "./silence-allowance.ts";
import { openSseStream, requestedPosition, type SseSubscriber } from "./sse.ts";
import { markRunning, raiseAttempt, writeTerminalStatus } from "./status-writeback.ts";
import { migrateProgressDb, openProgressDb, type ProgressDb } from "./storage.ts";
import { streamEnd } from "./stream-end.ts";
import { terminalOutcome } from "./terminal-outcome.ts";
import { consumeTicket, issueTicket } from "./tickets.ts";

/** The organization a WebSocket ticket must have been issued to, set by the stream route. */
export const TICKET_ORGANIZATION_HEADER = "x-enclave-organization";
/** How soon a failed D1 write-back of the terminal status is tried again. */
const WRITEBACK_RETRY_MS = 5_000;

export type AppendResult =
  | {
      outcome: "accepted";
      accepted: number;
      duplicates: number;
      stale: number;
      /** The deployment was cancelled: the runner stops at its next step. */
      cancelled: boolean;
    }
  | { outcome: "unknown_attempt"; currentAttempt: number }
  | { outcome: "not_holder"; attempt: number; holder: string | null };

export interface ClaimRequest {
  attempt: number;
  runnerId: string;
  /** How long the holder may stay silent before another runner may take the attempt over. */
  leaseMs: number;
}

/**
 * `cancelled`: ended at once (no runner had claimed it); `requested`: the runner holding it is
 * told to stop; `finished`: it had already ended.
 */
export type CancelResult = "cancelled" | "requested" | "finished";

/** The terminal event of a deployment cancelled before a runner took it. */
export const CANCELLED_REASON = "The deployment was cancelled";

/** A runner's sign of life for a job that has nothing to report: queued, or busy waiting. */
export interface Heartbeat {
  attempt: number;
  state: "queued" | "running";
  position?: number;
}

export type ClaimResult =
  | { outcome: "granted"; nextSeq: number }
  | { outcome: "refused"; reason: string };

/**
 * One per deployment (idFromName(deploymentId)): the ordered event log, its fan-out to
 * WebSocket (hibernation API) and SSE clients, the D1 status write-back and the watchdog.
 * State lives in SQLite and is re-read when needed, so nothing is lost on eviction or
 * hibernation; only open SSE responses (which keep the object awake) are held in memory.
 */
export class DeploymentProgress extends DurableObject<Env> {
  private readonly sse = new Set<SseSubscriber>();
  private readonly db: ProgressDb;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.db = openProgressDb(ctx.storage);
    ctx.blockConcurrencyWhile(() => migrateProgressDb(this.db));
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair("ping", "pong"));
  }

  /**
   * A runner asks to run an attempt (it fetched the spec). Granted when the attempt is current,
   * not ended, and unclaimed, already this runner's, or its holder's lease ran out; the answer
   * says where this execution's seq continues.
   */
  async claim(ref: DeploymentRef, request: ClaimRequest): Promise<ClaimResult> {
    const state = this.adopt(ref);
    const { attempt, runnerId } = request;
    if (attempt !== state.attempt) {
      const age = attempt < state.attempt ? "stale" : "unknown";
      return {
        outcome: "refused",
        reason: `Attempt ${attempt} is ${age}: the deployment's current attempt is ${state.attempt}`,
      };
    }
    if (state.terminalEventId !== null) {
      return { outcome: "refused", reason: `Attempt ${attempt} has already ended` };
    }
    const now = Date.now();
    const held = claimOf(this.db, attempt);
    if (held && held.runnerId !== runnerId && now - held.renewedMs < request.leaseMs) {
      return {
        outcome: "refused",
        reason: `Attempt ${attempt} is being run by runner ${held.runnerId}`,
      };
    }
    if (held && held.runnerId !== runnerId) {
      console.warn(
        JSON.stringify({
          msg: "attempt taken over from a silent runner",
          deploymentId: ref.id,
          attempt,
          from: held.runnerId,
          to: runnerId,
        }),
      );
    }
    saveClaim(this.db, { attempt, runnerId, renewedMs: now });
    state.lastActivityMs = now;
    this.save(state);
    await this.armWatchdog(state);
    return { outcome: "granted", nextSeq: nextSeq(this.db, "runner", attempt) };
  }

  /**
   * Runner events: logged once per (attempt, seq), only from the runner holding each attempt's
   * claim (whose lease they renew); only the current attempt moves status.
   */
  async append(
    ref: DeploymentRef,
    runnerId: string,
    events: ProgressEvent[],
  ): Promise<AppendResult> {
    const state = this.adopt(ref);
    if (events.some((event) => event.attempt > state.attempt)) {
      return { outcome: "unknown_attempt", currentAttempt: state.attempt };
    }
    const attempts = [...new Set(events.map((event) => event.attempt))];
    for (const attempt of attempts) {
      const holder = claimOf(this.db, attempt)?.runnerId ?? null;
      if (holder !== runnerId) return { outcome: "not_holder", attempt, holder };
    }
    const now = Date.now();
    for (const attempt of attempts) saveClaim(this.db, { attempt, runnerId, renewedMs: now });
    const fresh: StreamedEvent[] = [];
    let duplicates = 0;
    let stale = 0;
    for (const event of events) {
      const stored = appendEvent(this.db, "runner", event);
      if (!stored) duplicates++;
      else if (event.attempt < state.attempt) stale++;
      else fresh.push(stored);
    }
    const live = state.terminalEventId === null && fresh.length > 0;
    const terminal = live ? fresh.find((event) => isTerminalEvent(event.type)) : undefined;
    if (live) {
      state.lastActivityMs = Date.now();
      if (terminal) state.terminalEventId = terminal.id;
      this.save(state);
    }
    this.fanOut();
    if (terminal) await this.writeBack();
    else if (live) await this.reportRunning(state, fresh[0] as StreamedEvent);
    const current = readProgressState(this.db) as ProgressState;
    return {
      outcome: "accepted",
      accepted: fresh.length + stale,
      duplicates,
      stale,
      cancelled: this.isCancelled(current),
    };
  }

  /**
   * Cancels the deployment. Before any runner claimed the current attempt it ends here, and a
   * later claim is refused since it has ended; once claimed, the holder learns it from the
   * answer to its next event batch, stops, cleans up and reports `deployment.cancelled`.
   */
  async cancel(ref: DeploymentRef): Promise<CancelResult> {
    const state = this.adopt(ref);
    if (state.terminalEventId !== null) return "finished";
    if (claimOf(this.db, state.attempt) === null) {
      state.terminalEventId = this.appendEdgeEvent(
        state,
        "deployment.cancelled",
        CANCELLED_REASON,
      ).id;
      this.save(state);
      this.fanOut();
      await this.writeBack();
      return "cancelled";
    }
    state.cancelRequested = true;
    this.save(state);
    this.appendEdgeEvent(
      state,
      "stage.log",
      "cancellation requested; the runner stops at its next step",
    );
    this.fanOut();
    return "requested";
  }

  /**
   * A runner holds the attempt but has nothing to report. A running job must hold the claim
   * (the heartbeat renews it); a queued one counts only while no runner has claimed the
   * attempt, and a new position in the runner's queue is logged for whoever watches. Answers
   * whether the runner should keep the job.
   */
  async heartbeat(ref: DeploymentRef, runnerId: string, beat: Heartbeat): Promise<boolean> {
    const state = this.adopt(ref);
    if (beat.attempt !== state.attempt || state.terminalEventId !== null) return false;
    const held = claimOf(this.db, beat.attempt);
    const now = Date.now();
    if (beat.state === "running") {
      if (held?.runnerId !== runnerId) return false;
      saveClaim(this.db, { attempt: beat.attempt, runnerId, renewedMs: now });
    } else if (held) {
      return held.runnerId === runnerId;
    } else {
      const position = beat.position ?? null;
      const known = state.queued?.attempt === beat.attempt ? state.queued.position : undefined;
      state.queued = { attempt: beat.attempt, position };
      if (position !== null && position !== known) {
        this.appendEdgeEvent(
          state,
          "stage.log",
          `queued on the runner: position ${position}, waiting for a free slot`,
        );
        this.fanOut();
      }
    }
    state.lastActivityMs = now;
    this.save(state);
    await this.armWatchdog(state);
    return true;
  }

  /**
   * A runner that shuts down hands the attempt back: it goes on to a new attempt, queued at
   * once for another runner, instead of waiting out the watchdog. Only the holder (or, for an
   * attempt nobody claimed yet, the runner it was queued on) may hand it back.
   */
  async release(
    ref: DeploymentRef,
    runnerId: string,
    attempt: number,
    reason: string,
  ): Promise<boolean> {
    return this.ctx.blockConcurrencyWhile(async () => {
      const state = this.adopt(ref);
      if (attempt !== state.attempt || state.terminalEventId !== null) return false;
      const held = claimOf(this.db, attempt);
      if (held && held.runnerId !== runnerId) return false;
      // A cancelled deployment is not started again: the watchdog ends it as cancelled.
      if (state.cancelRequested) return false;
      return this.nextAttempt(state, reason);
    });
  }

  /** The queue consumer handed the attempt to a runner: the watchdog starts counting. */
  async dispatched(ref: DeploymentRef): Promise<void> {
    const state = this.adopt(ref);
    if (state.terminalEventId !== null || ref.attempt < state.attempt) return;
    state.lastActivityMs = Date.now();
    this.save(state);
    await this.armWatchdog(state);
  }

  /**
   * Fails the deployment from the edge (dead-letter queue); ignored for stale attempts, and for
   * an attempt a runner has after all (a dispatch that timed out although the runner took the
   * job): one it claimed, or one it reports queued within the queued allowance.
   */
  async fail(ref: DeploymentRef, reason: string): Promise<boolean> {
    const state = this.adopt(ref);
    if (state.terminalEventId !== null || ref.attempt < state.attempt) return false;
    if (claimOf(this.db, state.attempt) !== null) return false;
    if (state.queued?.attempt === state.attempt) {
      const { timeouts } = await this.platformConfig();
      const allowanceMs = silenceAllowanceSeconds(timeouts, false) * 1000;
      if (Date.now() - state.lastActivityMs < allowanceMs) return false;
    }
    this.endWithFailure(state, reason);
    await this.writeBack();
    return true;
  }

  /** The container log lines the runner reported (the build's), kept as long as the object. */
  async logEvents(): Promise<StreamedEvent[]> {
    return logEvents(this.db);
  }

  async issueTicket(organizationId: string): Promise<{ ticket: string; expiresAt: string }> {
    return issueTicket(this.db, organizationId, Date.now());
  }

  override async fetch(request: Request): Promise<Response> {
    const position = requestedPosition(request);
    if (position === null) return new Response(null, { status: 400 });
    const { pathname } = new URL(request.url);
    if (pathname === "/events") return this.openSse(position);
    if (pathname === "/ws") return this.openWebSocket(request, position);
    return new Response(null, { status: 404 });
  }

  override async alarm(): Promise<void> {
    const state = readProgressState(this.db);
    if (!state) return;
    if (state.terminalEventId !== null) return this.writeBack();
    await this.ctx.blockConcurrencyWhile(() => this.watchdog());
  }

  override async webSocketClose(ws: WebSocket, code: number): Promise<void> {
    ws.close(code === 1005 || code === 1006 || code === 1015 ? 1000 : code, "closing");
  }

  private save(state: ProgressState): void {
    writeProgressState(this.db, state);
  }

  private adopt(ref: DeploymentRef): ProgressState {
    const known = readProgressState(this.db);
    if (known && known.attempt >= ref.attempt) return known;
    const state = known
      ? { ...known, attempt: ref.attempt }
      : initialProgressState(ref, Date.now());
    this.save(state);
    return state;
  }

  private appendEdgeEvent(
    state: ProgressState,
    type: ProgressEvent["type"],
    message: string,
  ): StreamedEvent {
    const event: ProgressEvent = {
      deploymentId: state.ref.id,
      attempt: state.attempt,
      seq: nextSeq(this.db, "edge", state.attempt),
      stage: lastStage(this.db, state.attempt),
      type,
      message,
      at: new Date().toISOString(),
      data: { origin: "edge" },
    };
    return appendEvent(this.db, "edge", event) as StreamedEvent;
  }

  private isCancelled(state: ProgressState): boolean {
    if (state.cancelRequested) return true;
    if (state.terminalEventId === null) return false;
    return eventById(this.db, state.terminalEventId)?.type === "deployment.cancelled";
  }

  private endWithFailure(state: ProgressState, reason: string): void {
    state.terminalEventId = this.appendEdgeEvent(state, "deployment.failed", reason).id;
    this.save(state);
    this.fanOut();
  }

  private async reportRunning(state: ProgressState, first: StreamedEvent): Promise<void> {
    if (state.runningAttempt < state.attempt) {
      const started = await markRunning(
        createDb(this.env.DB),
        state.ref,
        state.attempt,
        first.receivedAt,
      );
      await emitWebhookEvents(this.env, started);
      const current = readProgressState(this.db) as ProgressState;
      current.runningAttempt = Math.max(current.runningAttempt, state.attempt);
      this.save(current);
    }
    await this.armWatchdog(state);
  }

  /** Writes the terminal status to D1 once; on failure the alarm tries again. */
  private async writeBack(): Promise<void> {
    const state = readProgressState(this.db);
    if (!state || state.terminalEventId === null || state.terminalWrittenBack) return;
    const terminal = eventById(this.db, state.terminalEventId) as StreamedEvent;
    const outcome = terminalOutcome(terminal, lastStage(this.db, terminal.attempt));
    let events: FanOutMessage[];
    try {
      events = await writeTerminalStatus(
        createDb(this.env.DB),
        state.ref,
        terminal.attempt,
        outcome,
      );
      if (outcome.type === "deployment.deleted") {
        await eraseTenant(
          this.env,
          createDb(this.env.DB),
          state.ref.tenantId,
          outcome.at,
          outcome.result ?? null,
        );
      }
    } catch (error) {
      console.error(
        JSON.stringify({ msg: "terminal status write-back failed", deploymentId: state.ref.id }),
        String(error),
      );
      await this.ctx.storage.setAlarm(Date.now() + WRITEBACK_RETRY_MS);
      return;
    }
    const current = readProgressState(this.db) as ProgressState;
    current.terminalWrittenBack = true;
    this.save(current);
    await this.ctx.storage.deleteAlarm();
    await emitWebhookEvents(this.env, events);
  }

  private platformConfig(): Promise<PlatformConfig> {
    return loadPlatformConfig(createDb(this.env.DB));
  }

  private async armWatchdog(state: ProgressState): Promise<void> {
    if ((await this.ctx.storage.getAlarm()) !== null) return;
    const { timeouts } = await this.platformConfig();
    await this.ctx.storage.setAlarm(state.lastActivityMs + timeouts.watchdogSeconds * 1000);
  }

  /**
   * A deployment whose runner went silent is dispatched again on the next attempt, up to
   * `retries.maxAttempts`, then failed. Runs under blockConcurrencyWhile so no event can land
   * between the decision and the attempt change.
   */
  private async watchdog(): Promise<void> {
    const state = readProgressState(this.db);
    if (!state || state.terminalEventId !== null) return;
    const { timeouts, retries } = await this.platformConfig();
    const started = claimOf(this.db, state.attempt) !== null;
    const allowance = silenceAllowanceSeconds(timeouts, started);
    const deadline = state.lastActivityMs + allowance * 1000;
    if (Date.now() < deadline) {
      await this.ctx.storage.setAlarm(deadline);
      return;
    }
    const silence = started
      ? `No progress from the runner for ${allowance} s`
      : `No runner started attempt ${state.attempt} within ${allowance} s`;
    if (state.cancelRequested) {
      // Nobody is left to clean up after the job: a new attempt would only start it again.
      state.terminalEventId = this.appendEdgeEvent(
        state,
        "deployment.cancelled",
        `${CANCELLED_REASON}; ${silence.toLowerCase()} after the cancellation`,
      ).id;
      this.save(state);
      this.fanOut();
      await this.writeBack();
      return;
    }
    if (state.attempt >= retries.maxAttempts) {
      this.endWithFailure(
        state,
        `${silence} on attempt ${state.attempt} of ${retries.maxAttempts}`,
      );
      await this.writeBack();
      return;
    }
    await this.nextAttempt(state, silence);
  }

  /** Moves the deployment on to its next attempt and queues the job for it at once. */
  private async nextAttempt(state: ProgressState, why: string): Promise<boolean> {
    const next = state.attempt + 1;
    if (!(await raiseAttempt(createDb(this.env.DB), state.ref, state.attempt, next))) return false;
    const { ref } = state;
    await this.env.JOBS.send({
      type: ref.kind,
      deploymentId: ref.id,
      tenantId: ref.tenantId,
      attempt: next,
    });
    state.attempt = next;
    state.lastActivityMs = Date.now();
    this.save(state);
    this.appendEdgeEvent(state, "stage.log", `${why}; dispatching attempt ${next}`);
    this.fanOut();
    const { timeouts } = await this.platformConfig();
    await this.ctx.storage.setAlarm(state.lastActivityMs + timeouts.watchdogSeconds * 1000);
    return true;
  }

  private openSse(position: number): Response {
    const { response, subscriber } = openSseStream(position, (closed) => this.sse.delete(closed));
    this.sse.add(subscriber);
    this.fanOut();
    return response;
  }

  private async openWebSocket(request: Request, position: number): Promise<Response> {
    if (request.headers.get("upgrade")?.toLowerCase() !== "websocket") {
      return new Response(null, { status: 426 });
    }
    const ticket = new URL(request.url).searchParams.get("ticket") ?? "";
    const organizationId = request.headers.get(TICKET_ORGANIZATION_HEADER) ?? "";
    if (!(await consumeTicket(this.db, ticket, organizationId, Date.now()))) {
      return new Response(null, { status: 401 });
    }
    const [client, server] = Object.values(new WebSocketPair()) as [WebSocket, WebSocket];
    this.ctx.acceptWebSocket(server);
    server.serializeAttachment({ position } satisfies SocketAttachment);
    this.fanOut();
    return new Response(null, { status: 101, webSocket: client });
  }

  /**
   * Sends every client the events after its own position. Appends and fan-out happen in the
   * same synchronous turn, and a new client is registered and caught up in one turn too, so
   * nothing falls between replay and live delivery and nothing is sent twice.
   */
  private fanOut(): void {
    const sockets = this.ctx.getWebSockets();
    const positions = [
      ...[...this.sse].map((subscriber) => subscriber.position),
      ...sockets.map((ws) => (ws.deserializeAttachment() as SocketAttachment).position),
    ];
    if (positions.length === 0) return;
    const events = eventsAfter(this.db, Math.min(...positions));
    const terminalId = readProgressState(this.db)?.terminalEventId ?? null;
    const terminal = terminalId === null ? null : eventById(this.db, terminalId);
    const end = terminal ? streamEnd(terminal) : null;
    for (const subscriber of this.sse) deliverSse(subscriber, events, end);
    for (const ws of sockets) deliverWebSocket(ws, events, end);
  }
}
