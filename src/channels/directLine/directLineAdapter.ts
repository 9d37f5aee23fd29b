import { BotAdapter, TurnContext, type Activity, type ChannelAccount, type ConversationReference, type ResourceResponse } from 'botbuilder';
import { apologyAnswer } from '../../core/answers/generalAnswers';
import { resolveLanguage } from '../../domain/language';
import { logger } from '../../logging/logger';
import { withRequestIdIfNone } from '../../logging/turnContext';
import { renderAnswer } from '../../render/renderAnswer';
import type { ConversationLog } from './conversationLog';

export type BotLogic = (context: TurnContext) => Promise<void>;

export const WEBCHAT_CHANNEL_ID = 'webchat';
/** Longest pause a bot's `delay` activity may ask for. */
const MAX_DELAY_MS = 10_000;

/** Activities a Direct Line client never sees. */
const NOT_DELIVERED = new Set(['trace', 'invokeResponse', 'delay']);

/**
 * The Direct Line channel's adapter, in-process: a reply is appended to its conversation's log (which pushes it to the
 * open WebSockets) instead of being posted to a connector. Turns on one conversation run one after another, so the
 * bot's state is never read and written by two turns at once.
 */
export class DirectLineAdapter extends BotAdapter {
  private readonly queues = new Map<string, Promise<void>>();

  constructor(
    private readonly log: ConversationLog,
    readonly bot: ChannelAccount,
  ) {
    super();
    this.onTurnError = async (context, error) => {
      logger.error({ event: 'turn.error', channel: WEBCHAT_CHANNEL_ID, err: error }, 'A web chat turn failed.');
      await context.sendActivity(renderAnswer(apologyAnswer(resolveLanguage({ locale: context.activity.locale }).language), context.activity));
    };
  }

  /** Queues a turn for an incoming activity; the promise settles when the turn is over and never rejects. */
  processActivity(activity: Activity, logic: BotLogic): Promise<void> {
    const conversationId = activity.conversation.id;
    const previous = this.queues.get(conversationId) ?? Promise.resolve();
    const turn = previous.then(() => this.runTurn(activity, logic));
    this.queues.set(conversationId, turn);
    void turn.then(() => {
      if (this.queues.get(conversationId) === turn) this.queues.delete(conversationId);
    });
    return turn;
  }

  /** How many conversations have a turn running or queued (0 when idle). */
  get busyConversations(): number {
    return this.queues.size;
  }

  /** Resolves when every queued turn has finished (for a clean stop and for tests). */
  async idle(): Promise<void> {
    while (this.queues.size > 0) await Promise.all([...this.queues.values()]);
  }

  async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const conversationId = context.activity.conversation.id;
    if (!(await this.log.touch(conversationId))) throw new Error(`Conversation ${conversationId} is gone; the reply is dropped.`);
    const responses: ResourceResponse[] = [];
    for (const activity of activities) {
      if (activity.type === 'delay') await new Promise((resolve) => setTimeout(resolve, Math.min(Number(activity.value) || 1000, MAX_DELAY_MS)));
      if (activity.type && NOT_DELIVERED.has(activity.type)) {
        responses.push({ id: activity.id ?? '' });
        continue;
      }
      const stored = await this.log.append(conversationId, {
        ...activity,
        from: { ...this.bot, ...activity.from, role: 'bot' },
        timestamp: new Date(),
      });
      responses.push({ id: stored.id });
    }
    return responses;
  }

  async updateActivity(): Promise<void> {
    throw new Error('The web chat channel cannot edit a sent activity.');
  }

  async deleteActivity(): Promise<void> {
    throw new Error('The web chat channel cannot delete a sent activity.');
  }

  /**
   * Runs logic with a context for the referenced conversation (proactive messages); throws when it is unknown.
   * Not queued: a turn that continues its own conversation would otherwise wait for itself.
   */
  async continueConversation(reference: Partial<ConversationReference>, logic: BotLogic): Promise<void> {
    const conversationId = reference.conversation?.id;
    if (!conversationId || !(await this.log.touch(conversationId))) throw new Error(`Unknown web chat conversation: ${String(conversationId)}`);
    const activity = TurnContext.applyConversationReference({ type: 'event', name: 'continueConversation' }, { channelId: WEBCHAT_CHANNEL_ID, bot: this.bot, ...reference }, true) as Activity;
    await this.runMiddleware(new TurnContext(this, activity), logic);
  }

  private runTurn(activity: Activity, logic: BotLogic): Promise<void> {
    // a turn keeps the id of the post that queued it; one queued by a stream opening gets its own
    return withRequestIdIfNone(async () => {
      try {
        // runMiddleware hands errors to onTurnError; this catches the ones onTurnError itself throws.
        await this.runMiddleware(new TurnContext(this, activity), logic);
      } catch (error) {
        logger.error({ event: 'turn.apologyFailed', channel: WEBCHAT_CHANNEL_ID, err: error }, 'A web chat turn failed and could not apologise.');
      }
    });
  }
}
