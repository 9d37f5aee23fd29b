import { TurnContext } from 'botbuilder';
import type { StoredReference } from '../src/domain/alerts';
import { isAlertIntent, type Intent } from '../src/domain/intents';

/**
 * Where the turn's message came from, as plain JSON (botbuilder's ConversationReference: channel, service URL,
 * conversation, bot, user), for the alerts it asks for. In a Teams channel the conversation is the message's thread.
 */
export function storedReference(context: TurnContext): StoredReference {
  const reference = JSON.parse(JSON.stringify(TurnContext.getConversationReference(context.activity))) as Partial<StoredReference>;
  return { ...reference, channelId: reference.channelId ?? '', serviceUrl: reference.serviceUrl ?? '', conversation: { ...reference.conversation, id: reference.conversation?.id ?? '' } };
}

/** The turn's reference when the intent acted on is an alert request: only those keep it. */
export function referenceFor(intent: string, context: TurnContext): StoredReference | undefined {
  return isAlertIntent(intent as Intent) ? storedReference(context) : undefined;
}
