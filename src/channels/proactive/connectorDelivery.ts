/**
 * An alert through the Bot Connector (Teams, and any channel reached at a `serviceUrl`): botbuilder's proactive
 * message, `CloudAdapter.continueConversationAsync` to the stored reference. In a Teams channel the reference's
 * conversation id names the thread (`19:...;messageid=...`), so the alert lands in the thread where the user subscribed.
 * With a MicrosoftAppId the adapter fetches the bot's token as for any reply; without one it posts without auth.
 */
import type { Activity, CloudAdapter, ConversationReference } from 'botbuilder';
import type { StoredReference } from '../../domain/alerts';
import { outcomeOfError, type SendOutcome } from './deliveryOutcome';

export async function deliverThroughConnector(adapter: CloudAdapter, appId: string | undefined, reference: StoredReference, activity: Record<string, unknown>): Promise<SendOutcome> {
  let failure: { error: unknown } | undefined;
  try {
    await adapter.continueConversationAsync(appId ?? '', reference as Partial<ConversationReference>, async (context) => {
      // caught here, not left to the adapter's onTurnError (which would log a turn error and try to apologise)
      try {
        await context.sendActivity(activity as Partial<Activity>);
      } catch (error) {
        failure = { error };
      }
    });
  } catch (error) {
    failure = { error };
  }
  return failure ? outcomeOfError(failure.error) : { kind: 'delivered' };
}
