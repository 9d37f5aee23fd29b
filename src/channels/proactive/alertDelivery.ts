/**
 * Alert delivery as the program runs it (src/index.ts starts it once the server listens): the outbox's deliverer,
 * with each message routed to its channel: the web chat page's own Direct Line, or the Bot Connector at the
 * reference's serviceUrl (Teams and the rest).
 */
import type { CloudAdapter } from 'botbuilder';
import type { OutboxMessage } from '../../domain/alerts';
import type { AlertStore } from '../../state/alertStore';
import type { ConversationLog } from '../directLine/conversationLog';
import { AlertDeliverer, type AlertDelivererOptions } from './alertDeliverer';
import { deliverThroughConnector } from './connectorDelivery';
import type { SendOutcome } from './deliveryOutcome';
import { deliverToDirectLine, isOwnDirectLine } from './directLineDelivery';

export interface AlertDeliveryParts {
  store: AlertStore;
  /** The bot's CloudAdapter: proactive messages to Teams and the other connector channels. */
  adapter: CloudAdapter;
  /** The bot's MicrosoftAppId when authentication is on (the connector's token is fetched for it). */
  appId?: string;
  /** The web chat page's Direct Line conversations (RunningServer.conversations). */
  conversations: ConversationLog;
  options?: AlertDelivererOptions;
}

/** Sends one outbox message through the channel its reference names. */
export function alertSender({ adapter, appId, conversations }: Omit<AlertDeliveryParts, 'store' | 'options'>): (message: OutboxMessage) => Promise<SendOutcome> {
  return ({ reference, activity }) =>
    isOwnDirectLine(reference) ? deliverToDirectLine(conversations, reference, activity) : deliverThroughConnector(adapter, appId, reference, activity);
}

/** Starts delivering the outbox; nudge() it after recording messages, close() it before the server closes. */
export function startAlertDelivery(parts: AlertDeliveryParts): AlertDeliverer {
  return new AlertDeliverer(parts.store, alertSender(parts), parts.options).start();
}
