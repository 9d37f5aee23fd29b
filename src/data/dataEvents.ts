/**
 * "Data committed", in this process: every batch committed through `observedWrites` is announced to the listeners
 * of a DataEvents, right after its commit and before its writer hears back, so that whatever must follow new data
 * (the recognizer learning new campaign names, the alerts checking their subscriptions) has done so when the writer
 * answers (the ingest's 200). Commits in other processes (`npm run import`) are not announced here: read them from
 * the store's changesSince.
 */
import { logger } from '../logging/logger';
import type { BatchWrite, CampaignWrites, DataChange, RowCounts } from './campaignStore';

/** A committed batch: the change (its sequence number, source and campaigns) and the rows it wrote per kind. */
export interface CommittedBatch extends DataChange {
  rows: RowCounts;
}

export type CommitListener = (batch: CommittedBatch) => void | Promise<void>;

export class DataEvents {
  private readonly listeners = new Set<CommitListener>();

  /**
   * Calls `listener` after every commit; returns what unsubscribes it. The commit's writer waits for the listeners
   * (a failing one is logged, never the writer's failure): a listener with long work to do starts it without awaiting it.
   */
  onCommitted(listener: CommitListener): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  /** Tells every listener of a commit; resolves once each has finished. */
  async committed(batch: CommittedBatch): Promise<void> {
    await Promise.all(
      [...this.listeners].map(async (listener) => {
        try {
          await listener(batch);
        } catch (err) {
          logger.error({ event: 'data.listenerFailed', seq: batch.seq, err }, 'A listener of committed data failed.');
        }
      }),
    );
  }
}

/** `writes` whose every committed batch is announced on `events`. */
export function observedWrites(writes: CampaignWrites, events: DataEvents): CampaignWrites {
  return {
    beginBatch: async (options) => {
      const batch = await writes.beginBatch(options);
      const observed: BatchWrite = {
        campaigns: batch.campaigns,
        contacts: batch.contacts,
        attempts: batch.attempts,
        strategy: batch.strategy,
        campaignIds: () => batch.campaignIds(),
        rollback: () => batch.rollback(),
        commit: async (recompute) => {
          const result = await batch.commit(recompute);
          await events.committed({ ...result.change, rows: result.rows });
          return result;
        },
      };
      return observed;
    },
  };
}
