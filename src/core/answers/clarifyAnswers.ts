import type { Answer } from '../answer';
import { translator } from '../../content/i18n';
import { statusEntry } from '../../content/knowledgeBase';
import type { Lang } from '../../domain/language';
import type { CampaignRef } from '../../domain/recognition';
import type { StatusKey } from '../../domain/statusKeys';

/** What picking an option means: the intent to act on and, for a status question, which entry; for an alert, where. */
export interface Resolution {
  intent: string;
  status?: StatusKey;
  campaign?: CampaignRef;
  /** Every campaign the user may see ("All my campaigns"). */
  everyCampaign?: boolean;
}

export interface ClarifyOption {
  label: string;
  resolution: Resolution;
}

export interface Clarification {
  answer: Answer;
  options: ClarifyOption[];
}

export function withButtons(lang: Lang, text: string, options: ClarifyOption[]): Clarification {
  return {
    answer: { kind: 'clarify', language: lang, text, suggestions: options.map((o) => ({ label: o.label, text: o.label })) },
    options,
  };
}

/** "planned": a campaign that is scheduled, or a call waiting in the queue? */
export function clarifyStatus(term: string, keys: readonly StatusKey[], lang: Lang): Clarification {
  const t = translator(lang);
  const options = keys.map((key) => {
    const entry = statusEntry(key, lang);
    return { label: t('clarify.statusOption', { title: entry.title, group: t(`group.${entry.group}`) }), resolution: { intent: 'status.explain', status: key } };
  });
  return withButtons(lang, t('clarify.status', { term }), options);
}

export function clarifyIntent(intents: readonly string[], lang: Lang): Clarification {
  const t = translator(lang);
  const options = intents.map((intent) => ({ label: t(`clarify.intentOption.${intent}`), resolution: { intent } }));
  return withButtons(lang, t('clarify.intent'), options);
}
