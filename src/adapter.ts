import { CloudAdapter, type ConversationState, type TurnContext } from 'botbuilder';
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

/** botbuilder's CloudAdapter with the samples' onTurnError: log it, trace it for the Emulator, apologise in the user's language. */
export function createAdapter(config: BotConfig, conversationState: ConversationState, options: AdapterOptions = {}): CloudAdapter {
  const adapter = new CloudAdapter(new TimedBotFrameworkAuthentication(config.auth as Record<string, string>, options.outboundTimeoutMs));
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
