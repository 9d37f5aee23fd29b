import type { Campaign } from '../../data/types';
import type { Answer, Suggestion } from '../answer';
import type { CampaignQuestion } from './campaignAnswers';
import { translator } from '../../content/i18n';
import type { Lang } from '../../domain/language';
import { explainSuggestion } from './statusAnswers';

function button(lang: Lang, key: string, options: Record<string, unknown> = {}): Suggestion {
  const label = translator(lang)(key, options);
  return { label, text: label };
}

/** A guest (or anyone while access is closed): no data, but the status guide, with its usual starting points. */
export function guestAnswer(lang: Lang): Answer {
  return {
    kind: 'access',
    language: lang,
    text: translator(lang)('access.guest'),
    suggestions: [explainSuggestion('bad_connection', lang), explainSuggestion('paused', lang), button(lang, 'suggest.list'), button(lang, 'suggest.weekly')],
  };
}

/**
 * A contact the viewer may not see, or one that does not exist: the same words and buttons either way, naming neither
 * the id nor the number asked about, so the answer tells nothing about whether the contact exists.
 */
export function contactRefusedAnswer(visible: readonly Campaign[], lang: Lang): Answer {
  return {
    kind: 'access',
    language: lang,
    text: translator(lang)('access.contactRefused'),
    suggestions: [
      ...visible.slice(0, 3).map((campaign) => button(lang, 'campaign.suggest.summary', { name: campaign.name })),
      explainSuggestion('bad_connection', lang),
      explainSuggestion('number_of_calls', lang),
    ],
  };
}

/** "Which campaign?" for someone who sees only some: their campaigns, the same whether they named another one or none. */
export function whichOfYourCampaignsAnswer(visible: readonly Campaign[], intent: CampaignQuestion, lang: Lang): Answer {
  const t = translator(lang);
  return {
    kind: 'clarify',
    language: lang,
    text: t(visible.length > 0 ? 'access.campaignWhich' : 'access.noCampaigns'),
    suggestions: visible.slice(0, 8).map((c) => ({ label: c.name, text: t(`campaign.suggest.${intent}`, { name: c.name }) })),
  };
}
