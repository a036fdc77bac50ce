import type { StreamedEvent } from "../../../worker/contracts/index.ts";

/** The client side of a WebSocket from a 101 response, collecting what the server sends. */
export class WsClient {
  readonly events: StreamedEvent[] = [];
  readonly texts: string[] = [];
  closed: { code: number; reason: string } | null = null;
  private waiters: (() => void)[] = [];
  readonly socket: WebSocket;

  constructor(res: Response) {
    const socket = res.webSocket;
    if (!socket) throw new Error(`expected a WebSocket, got ${res.status}`);
    this.socket = socket;
    socket.accept();
    socket.addEventListener("message", (message) => {
      const text = String(message.data);
      this.texts.push(text);
      if (text.startsWith("{")) this.events.push(JSON.parse(text) as StreamedEvent);
      this.wake();
    });
    socket.addEventListener("close", (event) => {
      this.closed = { code: event.code, reason: event.reason };
      this.wake();
    });
  }

  /** Resolves once `predicate` holds (checked on every message and on close). */
  async until(predicate: (client: WsClient) => boolean): Promise<void> {
    while (!predicate(this)) {
      if (this.closed) throw new Error(`socket closed: ${JSON.stringify(this.closed)}`);
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  async untilClosed(): Promise<{ code: number; reason: string }> {
    while (!this.closed) await new Promise<void>((resolve) => this.waiters.push(resolve));
    return this.closed;
  }

  ids(): number[] {
    return this.events.map((event) => event.id);
  }

  private wake() {
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }
}
