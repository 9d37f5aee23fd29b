import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type ConversationState, type TurnContext } from 'botbuilder';
import { renderAnswer } from './channels/renderAnswer';
import type { BotConfig } from './config';
import { apologyAnswer } from './core/answers/generalAnswers';
import { langFromLocale } from './core/language';

/** botbuilder's CloudAdapter with the samples' onTurnError: log it, trace it for the Emulator, apologise in the user's language. */
export function createAdapter(config: BotConfig, conversationState: ConversationState): CloudAdapter {
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication(config.auth as Record<string, string>));
  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    console.error(`[onTurnError] ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    try {
      await context.sendTraceActivity('OnTurnError Trace', String(error), 'https://www.botframework.com/schemas/error', 'TurnError');
      await context.sendActivity(renderAnswer(apologyAnswer(langFromLocale(context.activity.locale) ?? 'en'), context.activity));
      // A conversation whose state broke the turn would break the next one too: start it afresh.
      await conversationState.delete(context);
    } catch (secondary) {
      console.error(`[onTurnError] could not apologise: ${String(secondary)}`);
    }
  };
  return adapter;
}
