import type { Answer, Suggestion } from '../answer';
import { translator } from '../../content/i18n';
import { guideContent } from '../../content/knowledgeBase';
import type { Lang } from '../../domain/language';
import type { StatusKey } from '../../domain/statusKeys';
import { explainSuggestion } from './statusAnswers';

function button(lang: Lang, key: string): Suggestion {
  const label = translator(lang)(key);
  return { label, text: label };
}

const starterButtons = (lang: Lang): Suggestion[] => [
  explainSuggestion('busy', lang),
  explainSuggestion('bad_connection', lang),
  button(lang, 'suggest.list'),
  button(lang, 'suggest.otherLanguage'),
];

/** A plain message with the usual starter buttons. */
function simple(kind: Answer['kind'], lang: Lang, key: string, options: Record<string, unknown> = {}): Answer {
  return { kind, language: lang, text: translator(lang)(key, options), suggestions: starterButtons(lang) };
}

export const welcomeAnswer = (lang: Lang): Answer => simple('welcome', lang, 'welcome.text');
export const greetingAnswer = (lang: Lang): Answer => simple('greeting', lang, 'greeting.text');
export const thanksAnswer = (lang: Lang): Answer => simple('thanks', lang, 'thanks.text');
export const languageSwitchedAnswer = (lang: Lang): Answer => simple('language', lang, 'language.switched');
export const emptyInputAnswer = (lang: Lang): Answer => simple('input', lang, 'input.empty');
export const nonTextAnswer = (lang: Lang): Answer => simple('input', lang, 'input.nonText');
export const tooLongAnswer = (lang: Lang, max: number): Answer => simple('input', lang, 'input.tooLong', { max });
export const rateLimitedAnswer = (lang: Lang): Answer => ({ kind: 'input', language: lang, text: translator(lang)('input.rateLimited'), suggestions: [] });
export const apologyAnswer = (lang: Lang): Answer => ({ kind: 'error', language: lang, text: translator(lang)('error.apology'), suggestions: [] });
export const busyAnswer = (lang: Lang): Answer => ({ kind: 'error', language: lang, text: translator(lang)('error.busy'), suggestions: [] });

export function helpAnswer(lang: Lang): Answer {
  const t = translator(lang);
  return {
    kind: 'help',
    language: lang,
    text: t('help.text'),
    card: {
      title: t('help.title'),
      sections: [{ bullets: t('help.capabilities', { returnObjects: true }) as unknown as string[] }],
    },
    suggestions: [...starterButtons(lang).slice(0, 3), button(lang, 'suggest.weekly'), button(lang, 'suggest.otherLanguage')],
  };
}

/** Out of scope: what the bot is for, and the two closest topics as "Did you mean…?" buttons. */
export function outOfScopeAnswer(lang: Lang, closest: readonly StatusKey[]): Answer {
  const t = translator(lang);
  return {
    kind: 'out_of_scope',
    language: lang,
    text: `${t('outOfScope.text')}\n\n${t('outOfScope.didYouMean')}`,
    suggestions: [...closest.map((key) => explainSuggestion(key, lang)), button(lang, 'suggest.help')],
  };
}

export function noDataAnswer(lang: Lang, subject: 'contact' | 'campaign'): Answer {
  const t = translator(lang);
  const buttons = subject === 'contact' ? [explainSuggestion('bad_connection', lang), explainSuggestion('number_of_calls', lang)] : [explainSuggestion('paused', lang), button(lang, 'suggest.weekly')];
  return { kind: 'no_data', language: lang, text: t(`noData.${subject}`), suggestions: buttons };
}

/** The guide's weekly routine and its actions by critical status, for when no campaign's figures are at hand. */
export function insightsGuideAnswer(lang: Lang): Answer {
  const t = translator(lang);
  const guide = guideContent(lang);
  const critical = Object.values(guide.critical);
  return {
    kind: 'insights.guide',
    language: lang,
    text: t('insights.text', { steps: guide.weekly.steps.join(' · '), critical: critical.join(' · ') }),
    card: {
      title: t('insights.guideTitle'),
      subtitle: t('insights.guideSubtitle'),
      sections: [
        { heading: t('insights.routine'), text: guide.weekly.intro, bullets: guide.weekly.steps },
        { heading: t('insights.critical'), bullets: critical, emphasis: true },
        { heading: t('insights.examples'), bullets: Object.values(guide.examples) },
      ],
    },
    suggestions: [explainSuggestion('failed', lang), explainSuggestion('incorrect_number', lang), explainSuggestion('no_response', lang), explainSuggestion('ivr', lang)],
  };
}
