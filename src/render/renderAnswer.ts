import { ActionTypes, CardFactory, type Activity } from 'botbuilder';
import type { Answer } from '../core/answer';
import { toAdaptiveCard } from './adaptiveCard';

/** Teams shows at most six buttons on a card. */
export const TEAMS_MAX_BUTTONS = 6;

/** What the renderer needs to know of the message it answers. */
export type Recipient = Pick<Partial<Activity>, 'channelId' | 'conversation'>;

/**
 * One answer as one message: the plain text always (channels without cards and screen readers read it), the card as
 * an attachment, and the next questions as suggested actions. Teams shows suggested actions only in personal chats,
 * so there the buttons ride on the card instead (on a card of their own when the answer has none).
 */
export function renderAnswer(answer: Answer, to: Recipient): Partial<Activity> {
  const onTeams = to.channelId === 'msteams';
  const personal = !to.conversation?.conversationType || to.conversation.conversationType === 'personal';
  const activity: Partial<Activity> = { type: 'message', text: answer.text, textFormat: 'markdown', locale: answer.language, inputHint: 'acceptingInput' };
  const buttonsOnCard = onTeams && (answer.card !== undefined || !personal);
  const buttons = onTeams ? answer.suggestions.slice(0, TEAMS_MAX_BUTTONS) : answer.suggestions;
  if (answer.card || (buttonsOnCard && buttons.length > 0)) {
    const card = answer.card ?? { title: '', sections: [] };
    activity.attachments = [CardFactory.adaptiveCard(toAdaptiveCard(card, answer.language, buttonsOnCard ? buttons : []))];
  }
  if (buttons.length > 0 && !buttonsOnCard) {
    activity.suggestedActions = { to: [], actions: buttons.map((s) => ({ type: ActionTypes.ImBack, title: s.label, value: s.text })) };
  }
  return activity;
}
