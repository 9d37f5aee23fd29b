/**
 * An alert into the web chat page's own Direct Line conversation (src/channels/directLine/): appended to the
 * conversation's log, which pushes it to the open streams at once and keeps it in the backlog for the next connect.
 */
import { TurnContext, type Activity, type ConversationReference } from 'botbuilder';
import type { StoredReference } from '../../domain/alerts';
import type { ConversationLog } from '../directLine/conversationLog';
import { WEBCHAT_CHANNEL_ID } from '../directLine/directLineAdapter';
import type { SendOutcome } from './deliveryOutcome';

/** Azure Bot Service's own channel services (its Web Chat channel says `webchat` too): those go through the connector. */
const BOT_SERVICE_HOST = /(^|\.)botframework\.(com|us|azure\.us|azure\.cn)$/i;

/** Whether the reference is a conversation of this bot's own Direct Line (the web chat page), not a connector's. */
export function isOwnDirectLine(reference: StoredReference): boolean {
  if (reference.channelId !== WEBCHAT_CHANNEL_ID) return false;
  try {
    return !BOT_SERVICE_HOST.test(new URL(reference.serviceUrl).hostname);
  } catch {
    return true;
  }
}

/** Appends the activity as the bot's; a conversation that no longer exists (expired) answers as the connector would: 404. */
export async function deliverToDirectLine(conversations: ConversationLog, reference: StoredReference, activity: Record<string, unknown>): Promise<SendOutcome> {
  const conversation = await conversations.get(reference.conversation.id);
  if (!conversation) return { kind: 'gone', status: 404, error: 'The web chat conversation is gone (expired).' };
  const { replyToId: _reply, ...addressed } = TurnContext.applyConversationReference({ type: 'message', ...(activity as Partial<Activity>) }, reference as Partial<ConversationReference>);
  // no reply to the message it was subscribed in: Web Chat would hold it back while it looks for that one
  await conversations.append(conversation.id, { ...addressed, from: { id: '', name: '', ...addressed.from, role: 'bot' }, serviceUrl: conversation.serviceUrl, timestamp: new Date() });
  return { kind: 'delivered' };
}
