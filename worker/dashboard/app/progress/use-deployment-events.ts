import { useEffect, useRef, useState } from "react";
import type { TERMINAL_EVENT_TYPES } from "../../../contracts/events.ts";
import { client, dataOf } from "../api/client.ts";
import type { ProgressEvent } from "../api/types.ts";

export type Transport = "connecting" | "websocket" | "sse" | "closed";

export interface DeploymentEvents {
  events: ProgressEvent[];
  transport: Transport;
  /** The final status once the stream has ended. */
  finalStatus: string | null;
}

/** How long to wait before reconnecting a dropped stream. */
const RECONNECT_MS = 1000;

/**
 * The events that end a deployment's stream, as a record so that the compiler asks for every
 * one the contract adds (the contract's module itself would bring zod into the bundle).
 */
const TERMINAL: Record<(typeof TERMINAL_EVENT_TYPES)[number], true> = {
  "deployment.ready": true,
  "deployment.failed": true,
  "deployment.cancelled": true,
  "deployment.deleted": true,
};

/**
 * A deployment's progress: over the WebSocket (opened with a single-use ticket, since
 * browsers cannot send headers on it), over Server-Sent Events when the WebSocket cannot
 * open. Every (re)connection asks for the events after the last one seen, so a dropped
 * connection resumes without gaps or duplicates, and a reload replays from the start.
 */
export function useDeploymentEvents(deploymentId: string): DeploymentEvents {
  const [events, setEvents] = useState<ProgressEvent[]>([]);
  const [transport, setTransport] = useState<Transport>("connecting");
  const [finalStatus, setFinalStatus] = useState<string | null>(null);
  const lastId = useRef(0);

  useEffect(() => {
    let stopped = false;
    let socket: WebSocket | null = null;
    let source: EventSource | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    lastId.current = 0;
    setEvents([]);
    setFinalStatus(null);

    const accept = (event: ProgressEvent) => {
      if (event.id <= lastId.current) return;
      lastId.current = event.id;
      setEvents((seen) => [...seen, event]);
      if (Object.hasOwn(TERMINAL, event.type))
        setFinalStatus(event.type.slice("deployment.".length));
    };
    const finish = (status: string | null) => {
      stopped = true;
      setTransport("closed");
      if (status) setFinalStatus(status);
    };

    const openSse = () => {
      if (stopped) return;
      setTransport("sse");
      source = new EventSource(`/v1/deployments/${deploymentId}/events?since=${lastId.current}`);
      source.onmessage = (message) => accept(JSON.parse(message.data) as ProgressEvent);
      source.addEventListener("end", (message) => {
        source?.close();
        finish((JSON.parse((message as MessageEvent).data) as { status?: string }).status ?? null);
      });
    };

    const openWebSocket = async () => {
      let url: string;
      try {
        ({ url } = await dataOf(
          client.POST("/v1/deployments/{id}/ticket", { params: { path: { id: deploymentId } } }),
        ));
      } catch {
        openSse();
        return;
      }
      if (stopped) return;
      const scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
      const ws = new WebSocket(`${scheme}//${window.location.host}${url}&since=${lastId.current}`);
      socket = ws;
      let opened = false;
      ws.onopen = () => {
        opened = true;
        setTransport("websocket");
      };
      ws.onmessage = (message) => accept(JSON.parse(String(message.data)) as ProgressEvent);
      ws.onclose = (close) => {
        if (stopped) return;
        if (close.code === 1000 && close.reason.startsWith("{")) {
          finish((JSON.parse(close.reason) as { status?: string }).status ?? null);
        } else if (!opened) {
          openSse();
        } else {
          setTransport("connecting");
          timer = setTimeout(() => void openWebSocket(), RECONNECT_MS);
        }
      };
    };

    void openWebSocket();
    return () => {
      stopped = true;
      clearTimeout(timer);
      socket?.close();
      source?.close();
    };
  }, [deploymentId]);

  return { events, transport, finalStatus };
}
