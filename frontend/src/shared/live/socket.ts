/**
 * The one live socket: reconnects with jittered backoff, resumes from the last event id it saw (the
 * server replays what was missed, from the database), skips ids it has seen, and on `resync` asks the
 * app to refetch everything.
 */
export type LiveMessage = { type: string; id?: string; at?: string; [field: string]: unknown };

type Listener = (message: LiveMessage) => void;

export class LiveSocket {
  private socket?: WebSocket;
  private lastEventId?: string;
  private readonly seen = new Set<string>();
  private readonly listeners = new Set<Listener>();
  private attempt = 0;
  private stopped = false;
  private timer?: ReturnType<typeof setTimeout>;

  constructor(private readonly url: string = LiveSocket.defaultUrl()) {}

  static defaultUrl(): string {
    const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
    return `${scheme}://${window.location.host}/ws/admin/`;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  start(): void {
    this.stopped = false;
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.socket?.close();
  }

  private connect(): void {
    const resume = this.lastEventId ? `?last_event_id=${encodeURIComponent(this.lastEventId)}` : '';
    const socket = new WebSocket(this.url + resume);
    this.socket = socket;
    socket.onopen = () => {
      this.attempt = 0;
    };
    socket.onmessage = (event) => this.receive(event.data as string);
    socket.onclose = () => {
      if (!this.stopped) this.reconnectLater();
    };
  }

  private receive(data: string): void {
    let message: LiveMessage;
    try {
      message = JSON.parse(data) as LiveMessage;
    } catch {
      return;
    }
    if (message.type === 'hello') {
      // A fresh start: remember where the feed is; on a resume the replay follows.
      if (!this.lastEventId && message.id) this.lastEventId = message.id;
      return;
    }
    if (message.id) {
      if (this.seen.has(message.id)) return;
      this.seen.add(message.id);
      if (this.seen.size > 5000) this.seen.delete(this.seen.values().next().value as string);
      this.lastEventId = message.id;
    }
    this.listeners.forEach((listener) => listener(message));
  }

  private reconnectLater(): void {
    const base = Math.min(30_000, 500 * 2 ** this.attempt++);
    this.timer = setTimeout(() => this.connect(), base / 2 + Math.random() * (base / 2));
  }
}
