import { ActionTypes, CardFactory, type Activity } from 'botbuilder';
import type { Answer } from '../core/answer';
import { toAdaptiveCard } from './adaptiveCard';

/**
 * One answer as one message: the plain text always (channels without cards and screen readers read it), the card as
 * an attachment, and the next questions as suggested actions; on Teams, where suggested actions only show in personal
 * chats, a card carries them as its own buttons.
 */
export function renderAnswer(answer: Answer, channelId: string | undefined): Partial<Activity> {
  const onTeams = channelId === 'msteams';
  const activity: Partial<Activity> = { type: 'message', text: answer.text, textFormat: 'markdown', locale: answer.language, inputHint: 'acceptingInput' };
  if (answer.card) {
    activity.attachments = [CardFactory.adaptiveCard(toAdaptiveCard(answer.card, answer.language, onTeams ? answer.suggestions : []))];
  }
  if (answer.suggestions.length > 0 && !(onTeams && answer.card)) {
    activity.suggestedActions = {
      to: [],
      actions: answer.suggestions.map((s) => ({ type: ActionTypes.ImBack, title: s.label, value: s.text })),
    };
  }
  return activity;
}
