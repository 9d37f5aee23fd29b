import { ActionTypes, CardFactory, type Activity } from 'botbuilder';
import type { Answer } from '../core/answer';
import { toAdaptiveCard } from './adaptiveCard';

/** Teams shows at most six buttons on a card. */
export const TEAMS_MAX_BUTTONS = 6;

/** What the renderer needs to know of the message it answers. */
export type Recipient = Pick<Partial<Activity>, 'channelId' | 'conversation' | 'channelData'>;

/** Channels that show Adaptive Cards: there the card carries the detail and the text is the lead sentence. */
const CARD_CHANNELS = new Set(['msteams', 'webchat', 'directline']);

/** Where the card is shown beside the text: a card channel, unless the client asked for text only (`channelData.textOnly`). */
export function showsCards(to: Recipient): boolean {
  const textOnly = typeof to.channelData === 'object' && to.channelData !== null && (to.channelData as { textOnly?: unknown }).textOnly === true;
  return CARD_CHANNELS.has(to.channelId ?? '') && !textOnly;
}

/** The direct answer in one sentence: the answer's own lead, else the first paragraph of its text. */
export function leadOf(answer: Answer): string {
  return answer.lead ?? answer.text.split('\n\n')[0]!;
}

/**
 * One answer as one message: the text (the lead sentence where the card shows, the whole answer elsewhere), the card
 * as an attachment, and the next questions as suggested actions. Teams shows suggested actions only in personal chats,
 * so there the buttons ride on the card instead (on a card of their own when the answer has none).
 */
export function renderAnswer(answer: Answer, to: Recipient): Partial<Activity> {
  const onTeams = to.channelId === 'msteams';
  const personal = !to.conversation?.conversationType || to.conversation.conversationType === 'personal';
  // every answer reads once: where the card shows, the text above it is the lead sentence and the card the rest
  const lead = answer.card && showsCards(to);
  const text = lead ? leadOf(answer) : answer.text;
  const activity: Partial<Activity> = { type: 'message', text, textFormat: 'markdown', locale: answer.language, inputHint: 'acceptingInput' };
  // Teams' notification preview
  if (answer.card) activity.summary = leadOf(answer).replace(/\*\*/g, '');
  const buttonsOnCard = onTeams && (answer.card !== undefined || !personal);
  // a card's links (a list's download) take places among Teams' six
  const buttons = onTeams ? answer.suggestions.slice(0, TEAMS_MAX_BUTTONS - (answer.card?.links?.length ?? 0)) : answer.suggestions;
  if (answer.card || (buttonsOnCard && buttons.length > 0)) {
    const card = answer.card ?? { title: '', sections: [] };
    activity.attachments = [CardFactory.adaptiveCard(toAdaptiveCard(card, answer.language, buttonsOnCard ? buttons : []))];
  }
  if (buttons.length > 0 && !buttonsOnCard) {
    activity.suggestedActions = { to: [], actions: buttons.map((s) => ({ type: ActionTypes.ImBack, title: s.label, value: s.text })) };
  }
  return activity;
}
