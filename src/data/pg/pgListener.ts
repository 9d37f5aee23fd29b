/**
 * LISTEN on a connection of its own: PostgreSQL's notifications (NOTIFY, sent when the notifying transaction commits)
 * handed to a callback as they come, without polling. The connection is held for as long as the listener runs; when
 * it is lost (the server restarts, the network drops), the listener connects again after a back-off that grows from
 * `minMs` to `maxMs` while the server stays away, and says so (`onReconnect`): what was notified meanwhile is lost,
 * and the caller catches up from what it last saw.
 */
import type { Client, Notification } from 'pg';
import { logger } from '../../logging/logger';

export interface PgListenerOptions {
  /** The channels to LISTEN on (plain lower-case names). */
  channels: readonly string[];
  onNotification(channel: string, payload: string): void;
  /** Connected again after a loss: notifications of the time in between never came. */
  onReconnect(): void;
  /** The back-off between attempts to connect again (default 100 ms doubling up to 5 s). */
  retry?: { minMs: number; maxMs: number };
}

export class PgListener {
  private client: Client | undefined;
  private closed = false;
  private retryMs: number;
  private timer: NodeJS.Timeout | undefined;
  /** Whether the listener has lost its connection since it last had one (for logging once per outage). */
  private lost = false;

  private constructor(
    private readonly connectClient: () => Promise<Client>,
    private readonly options: PgListenerOptions,
  ) {
    this.retryMs = options.retry?.minMs ?? 100;
  }

  /** Listens from now on; rejects when the first connection cannot be made. */
  static async start(connect: () => Promise<Client>, options: PgListenerOptions): Promise<PgListener> {
    const listener = new PgListener(connect, options);
    await listener.connect();
    return listener;
  }

  /** Whether the listening connection is up now. */
  get connected(): boolean {
    return this.client !== undefined;
  }

  /** Ends the connection and every attempt to make one again. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = await this.connectClient();
    try {
      client.on('notification', (message: Notification) => this.options.onNotification(message.channel, message.payload ?? ''));
      client.on('error', () => this.dropped(client));
      client.on('end', () => this.dropped(client));
      for (const channel of this.options.channels) await client.query(`LISTEN ${channel}`);
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    if (this.closed) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
  }

  private dropped(client: Client): void {
    if (this.client !== client) return;
    this.client = undefined;
    void client.end().catch(() => undefined);
    if (this.closed) return;
    if (!this.lost) logger.warn({ event: 'db.listenLost' }, 'The PostgreSQL notifications connection was lost; connecting again.');
    this.lost = true;
    this.schedule();
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.reconnect(), this.retryMs);
    this.timer.unref();
    this.retryMs = Math.min(this.retryMs * 2, this.options.retry?.maxMs ?? 5000);
  }

  private async reconnect(): Promise<void> {
    if (this.closed) return;
    try {
      await this.connect();
    } catch {
      this.schedule();
      return;
    }
    if (this.closed) return;
    this.retryMs = this.options.retry?.minMs ?? 100;
    this.lost = false;
    logger.info({ event: 'db.listenRestored' }, 'The PostgreSQL notifications connection is back.');
    this.options.onReconnect();
  }
}
