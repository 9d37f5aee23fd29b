/** The intents of the contract plus the conversational ones the bot adds. */
export const INTENTS = [
  'status.explain',
  'status.list',
  'contact.why_bad',
  'contact.attempts',
  'campaign.summary',
  'campaign.insights',
  'contact.list',
  'campaign.list',
  'help',
  'greeting',
  'thanks',
  'language.switch',
  'course.start',
  'course.progress',
  'alert.subscribe',
  'alert.list',
  'alert.cancel',
  'None',
] as const;

export type Intent = (typeof INTENTS)[number];

export function isIntent(value: string): value is Intent {
  return (INTENTS as readonly string[]).includes(value);
}

/** The alert requests: subscribing, listing and cancelling proactive messages. */
export function isAlertIntent(intent: Intent): boolean {
  return intent.startsWith('alert.');
}
