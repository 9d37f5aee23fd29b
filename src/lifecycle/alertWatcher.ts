/**
 * The alert watcher: after every committed import or ingest batch, in commit order, the subscriptions of the campaigns
 * it changed are checked (src/core/alerts/alertCheck.ts) and the result recorded with the batch's seq in one
 * transaction (AlertStore.recordCheck): what was seen, and the messages the outbox will deliver. Batches committed by
 * another process (`npm run import`) are found by polling; an in-process "data committed" signal (the ingest) checks at
 * once. Several processes may watch one database: the cursor's compare-and-set lets one of them record each batch.
 */
import type { ConversationAccount } from 'botbuilder';
import type { AccessPolicy } from '../access/roles';
import { checkChange } from '../core/alerts/alertCheck';
import type { CampaignQueries } from '../data/campaignStore';
import type { DataEvents } from '../data/dataEvents';
import type { StoredReference } from '../domain/alerts';
import { logger } from '../logging/logger';
import { renderAnswer } from '../render/renderAnswer';
import type { AlertStore } from '../state/alertStore';

export interface AlertWatcherOptions {
  campaigns: Pick<CampaignQueries, 'changesSince' | 'latestChangeSeq' | 'findCampaign' | 'callSlots'>;
  alerts: AlertStore;
  policy: AccessPolicy;
  /** How often batches committed by other processes are looked for (default 5 s). */
  pollMs?: number;
  /** This process's commits (the ingest's), checked at once rather than at the next poll. */
  committed?: Pick<DataEvents, 'onCommitted'>;
  /** Milliseconds since the epoch, for the messages' due time. */
  now?: () => number;
  /** Told when a recorded check put messages in the outbox (the deliverer sends them at once instead of at its next look). */
  onOutbox?: () => void;
}

/** Batches read at a time. */
const BATCHES_PER_READ = 100;

/** A message as the channels send it: plain JSON, rendered for the conversation it goes to (cards, Teams' buttons). */
function asActivity(answer: Parameters<typeof renderAnswer>[0], reference: StoredReference): Record<string, unknown> {
  const to = { channelId: reference.channelId, conversation: reference.conversation as unknown as ConversationAccount };
  return JSON.parse(JSON.stringify(renderAnswer(answer, to))) as Record<string, unknown>;
}

export class AlertWatcher {
  private inFlight?: Promise<number>;
  private queued?: Promise<number>;
  private timer?: NodeJS.Timeout;
  private readonly onCommitted = (): void => this.nudge();
  private unsubscribe?: () => void;

  constructor(private readonly options: AlertWatcherOptions) {}

  /** Checks now, then every `pollMs` and whenever the commit signal fires. */
  start(): this {
    this.nudge();
    this.timer = setInterval(this.onCommitted, this.options.pollMs ?? 5_000);
    this.timer.unref();
    this.unsubscribe = this.options.committed?.onCommitted(this.onCommitted);
    return this;
  }

  /** A check soon (one more after the one running, at most); failures are logged. */
  nudge(): void {
    this.checkNow().catch((err: unknown) => logger.error({ event: 'alerts.checkFailed', err }, 'Could not check the alerts of the new data.'));
  }

  /**
   * Checks every batch committed since the last one checked, in order, until none is left; resolves to how many this
   * process recorded. A check asked for while one runs runs once after it.
   */
  checkNow(): Promise<number> {
    if (this.queued) return this.queued;
    if (!this.inFlight) {
      this.inFlight = this.checkAll().finally(() => (this.inFlight = undefined));
      return this.inFlight;
    }
    this.queued = this.inFlight
      .catch(() => 0)
      .then(() => {
        this.queued = undefined;
        return this.checkNow();
      });
    return this.queued;
  }

  /** Stops polling and listening, and waits for the check under way. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.unsubscribe?.();
    await Promise.all([this.inFlight, this.queued].map((running) => running?.catch(() => 0)));
  }

  /** The last batch checked; on a fresh alert store, the latest batch: the data's history fires nothing. */
  private async cursor(): Promise<number> {
    const { alerts, campaigns } = this.options;
    const checked = await alerts.checkedSeq();
    if (checked > 0) return checked;
    const latest = await campaigns.latestChangeSeq();
    if (latest > 0) await alerts.recordCheck({ seq: latest, seen: [], messages: [] });
    return alerts.checkedSeq();
  }

  private async checkAll(): Promise<number> {
    const { alerts, campaigns, policy, now } = this.options;
    let recorded = 0;
    for (;;) {
      const changes = await campaigns.changesSince(await this.cursor(), BATCHES_PER_READ);
      if (changes.length === 0) return recorded;
      for (const change of changes) {
        const subscriptions = change.campaignIds.length > 0 ? await alerts.subscriptionsFor(change.campaignIds) : [];
        const check = await checkChange(change, subscriptions, { store: campaigns, policy, render: asActivity, now });
        // false: another process recorded this batch first; read the cursor again
        if (!(await alerts.recordCheck(check))) break;
        recorded++;
        if (check.messages.length > 0) {
          logger.info({ event: 'alerts.fired', seq: change.seq, messages: check.messages.length }, `Batch ${change.seq} set off ${check.messages.length} alert(s).`);
          this.options.onOutbox?.();
        }
      }
    }
  }
}

export interface Alerting {
  alerts: AlertStore;
  watcher: AlertWatcher;
  /** Stops the watcher; the alert store is the stores' (stores.ts), closed with them after this. */
  close(): Promise<void>;
}

/**
 * Starts watching the campaign data with the process's alert store (stores.ts: the state file's, or PostgreSQL's with
 * DATABASE_URL): what src/index.ts wires.
 */
export function startAlerts(options: AlertWatcherOptions): Alerting {
  const watcher = new AlertWatcher(options).start();
  return { alerts: options.alerts, watcher, close: () => watcher.stop() };
}
