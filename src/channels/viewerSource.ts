import type { TurnContext } from 'botbuilder';
import type { Viewer } from '../access/viewer';
import { logger } from '../logging/logger';
import { teamsMemberIds, type MemberIdsLookup } from './teams/memberIds';
import { viewerFromActivity } from './viewerFromActivity';

export interface ViewerSourceOptions {
  /** Ask Teams for each user's email and UPN (only worth a call when the roles file lists emails). */
  teamsEmails: boolean;
  lookup?: MemberIdsLookup;
  cacheMs?: number;
  timeoutMs?: number;
}

const MAX_CACHED = 10_000;
const FAILURE_RETRY_MS = 5 * 60_000;

/** Builds each turn's Viewer; for Teams users, adds their email and UPN, asked of Teams once an hour per user. */
export class ViewerSource {
  private readonly cache = new Map<string, { ids: string[]; until: number }>();
  private readonly lookup: MemberIdsLookup;

  constructor(private readonly options: ViewerSourceOptions) {
    this.lookup = options.lookup ?? teamsMemberIds;
  }

  async viewerOf(context: TurnContext): Promise<Viewer> {
    const { activity } = context;
    if (!this.options.teamsEmails || activity.channelId !== 'msteams' || !activity.from?.id) return viewerFromActivity(activity);
    return viewerFromActivity(activity, await this.memberIds(context, activity.from.id));
  }

  private async memberIds(context: TurnContext, userId: string): Promise<string[]> {
    const cached = this.cache.get(userId);
    if (cached && cached.until > Date.now()) return cached.ids;
    let ids: string[] = [];
    let timer: NodeJS.Timeout | undefined;
    try {
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('timed out')), this.options.timeoutMs ?? 5_000);
      });
      ids = await Promise.race([this.lookup(context), timeout]);
      this.remember(userId, ids, this.options.cacheMs ?? 60 * 60_000);
    } catch (error) {
      // Without the email the user is matched on their other ids; asked again a few minutes later, not on every message.
      logger.warn({ event: 'access.memberLookupFailed', err: error }, "Could not read a Teams member's email; matching on their other ids.");
      this.remember(userId, [], FAILURE_RETRY_MS);
    } finally {
      clearTimeout(timer);
    }
    return ids;
  }

  private remember(userId: string, ids: string[], forMs: number): void {
    this.cache.delete(userId);
    if (this.cache.size >= MAX_CACHED) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(userId, { ids, until: Date.now() + forMs });
  }
}
