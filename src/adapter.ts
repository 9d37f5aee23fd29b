import { CloudAdapter, StatusCodes, type Activity, type ConversationState, type TurnContext } from 'botbuilder';
import { isChannelUnreachable, TimedBotFrameworkAuthentication } from './channels/outboundTimeout';
import { renderAnswer } from './render/renderAnswer';
import type { BotConfig } from './config';
import { apologyAnswer } from './core/answers/generalAnswers';
import { resolveLanguage } from './domain/language';
import { logger } from './logging/logger';

export interface AdapterOptions {
  /** How long a reply to the channel may take (default 15 s per attempt; see channels/outboundTimeout.ts). */
  outboundTimeoutMs?: number;
}

/** What the Bot Framework endpoint answers: a status and, for expectReplies and invokes, a body. */
export interface EndpointAnswer {
  status: number;
  body?: unknown;
}

/** The ISO date strings botbuilder turns into Dates, keeping the text as `raw...` (as its validateAndFixActivity does). */
const DATE_FIELDS = [
  ['timestamp', 'rawTimestamp'],
  ['expiration', 'rawExpiration'],
  ['localTimestamp', 'rawLocalTimestamp'],
] as const;

/**
 * CloudAdapter with `answer`, the endpoint's way into a turn: what `process` does for a POST, without its per-request
 * zod parse, which deep-copies the activity through schema objects built anew on every call. That copy was about half
 * of what a turn left for the old generation's collector (its pauses are the open loop's tail); the endpoint checks the
 * body itself first (channels/activityPrecheck.ts).
 */
export class BotAdapter extends CloudAdapter {
  async answer(activity: Activity, authHeader: string, logic: (context: TurnContext) => Promise<void>): Promise<EndpointAnswer> {
    const fields = activity as unknown as Record<string, unknown>;
    for (const [field, raw] of DATE_FIELDS) {
      const value = fields[field];
      if (typeof value === 'string') {
        fields[raw] = value;
        fields[field] = new Date(value);
      }
    }
    try {
      const response = await this.processActivity(authHeader, activity, logic);
      return { status: response?.status ?? StatusCodes.OK, body: response?.body };
    } catch (error) {
      // botframework-connector's AuthenticationError: a token that does not check out
      const unauthorized = error instanceof Error && error.constructor.name === 'AuthenticationError';
      if (!unauthorized) logger.error({ event: 'turn.failed', err: error }, 'A request to the bot endpoint failed.');
      return { status: unauthorized ? StatusCodes.UNAUTHORIZED : StatusCodes.INTERNAL_SERVER_ERROR, body: error instanceof Error ? error.message : String(error) };
    }
  }
}

/** The bot's adapter with the samples' onTurnError: log it, trace it for the Emulator, apologise in the user's language. */
export function createAdapter(config: BotConfig, conversationState: ConversationState, options: AdapterOptions = {}): BotAdapter {
  const adapter = new BotAdapter(new TimedBotFrameworkAuthentication(config.auth as Record<string, string>, options.outboundTimeoutMs));
  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    // apologising through a channel that did not take the reply would fail the same way
    const unreachable = isChannelUnreachable(error);
    logger.error({ event: 'turn.error', err: error, channelUnreachable: unreachable }, 'A turn failed.');
    if (unreachable) return;
    try {
      await context.sendTraceActivity('OnTurnError Trace', String(error), 'https://www.botframework.com/schemas/error', 'TurnError');
      await context.sendActivity(renderAnswer(apologyAnswer(resolveLanguage({ locale: context.activity.locale }).language), context.activity));
      // A conversation whose state broke the turn would break the next one too: start it afresh.
      await conversationState.delete(context);
    } catch (secondary) {
      logger.error({ event: 'turn.apologyFailed', err: secondary }, 'A turn failed and the apology could not be sent.');
    }
  };
  return adapter;
}
