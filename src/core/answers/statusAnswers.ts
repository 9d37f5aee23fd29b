import type { Answer, CardSection, Suggestion } from '../answer';
import { translator } from '../../content/i18n';
import { statusEntry, type StatusEntry } from '../../content/knowledgeBase';
import type { Lang } from '../../domain/language';
import { STATUS_GROUPS, type StatusGroup, type StatusKey } from '../../domain/statusKeys';

/** A button that asks about one entry, labelled with its title in the answer's language. */
export function explainSuggestion(key: StatusKey, lang: Lang): Suggestion {
  const title = statusEntry(key, lang).title;
  return { label: title, text: translator(lang)('suggest.explain', { title }) };
}

function followUps(lang: Lang, except: 'action' | 'related' | 'example' | 'none'): Suggestion[] {
  const t = translator(lang);
  const buttons: Suggestion[] = [];
  for (const kind of ['action', 'related', 'example'] as const) {
    if (kind !== except) buttons.push({ label: t(`suggest.${kind}`), text: t(`suggest.${kind}`) });
  }
  buttons.push({ label: t('suggest.otherLanguage'), text: t('suggest.otherLanguage') });
  return buttons;
}

function detailSection(entry: StatusEntry, lang: Lang): CardSection {
  const t = translator(lang);
  return { heading: t(entry.detailsAreCauses ? 'card.causes' : 'card.details'), bullets: entry.details };
}

/** The full explanation: a card with every field, and a plain-text summary that stands on its own where cards do not show. */
export function statusAnswer(key: StatusKey, lang: Lang, mentioned: readonly StatusKey[] = []): Answer {
  const t = translator(lang);
  const alsoMentioned = mentioned.slice(0, 2);
  const entry = statusEntry(key, lang);
  const group = t(`group.${entry.group}`);
  let text = t('status.summary', { title: entry.title, group, meaning: entry.meaning, action: entry.action });
  if (alsoMentioned.length > 0) {
    text += '\n\n' + t('status.alsoAsked', { list: alsoMentioned.map((other) => `**${statusEntry(other, lang).title}**`).join(', ') });
  }
  return {
    kind: 'status',
    language: lang,
    text,
    card: {
      title: `${entry.title} — ${entry.tagline}`,
      subtitle: group,
      sections: [
        { heading: t('card.meaning'), text: entry.meaning },
        detailSection(entry, lang),
        { heading: t('card.action'), text: entry.action, emphasis: true },
        { heading: t('card.value'), text: entry.value },
        { heading: t('card.example'), text: entry.example },
        { facts: [
          { title: t('card.aliases'), value: entry.aliases.slice(0, 5).join(', ') },
          { title: t('card.related'), value: entry.related.map((other) => statusEntry(other, lang).title).join(', ') },
        ] },
      ],
    },
    suggestions: [...alsoMentioned.map((other) => explainSuggestion(other, lang)), ...followUps(lang, 'none')],
  };
}

/** "And what should I do?" after an explanation: the action first, and why it pays off. */
export function statusActionAnswer(key: StatusKey, lang: Lang): Answer {
  const entry = statusEntry(key, lang);
  return {
    kind: 'status.action',
    language: lang,
    text: translator(lang)('status.action', { title: entry.title, action: entry.action, value: entry.value }),
    suggestions: followUps(lang, 'action'),
  };
}

export function statusExampleAnswer(key: StatusKey, lang: Lang): Answer {
  const entry = statusEntry(key, lang);
  return {
    kind: 'status.action',
    language: lang,
    text: translator(lang)('status.example', { title: entry.title, example: entry.example }),
    suggestions: followUps(lang, 'example'),
  };
}

export function relatedStatusesAnswer(key: StatusKey, lang: Lang): Answer {
  const entry = statusEntry(key, lang);
  const titles = entry.related.map((other) => `**${statusEntry(other, lang).title}**`).join(', ');
  return {
    kind: 'status.related',
    language: lang,
    text: translator(lang)('status.related', { title: entry.title, list: titles }),
    suggestions: entry.related.map((other) => explainSuggestion(other, lang)),
  };
}

const MOST_ASKED: readonly StatusKey[] = ['busy', 'no_response', 'ivr', 'bad_connection', 'paused'];

/** A follow-up with nothing to follow: ask which status, with the most asked ones as buttons. */
export function whichStatusAnswer(lang: Lang): Answer {
  return {
    kind: 'status.which',
    language: lang,
    text: translator(lang)('status.which'),
    suggestions: MOST_ASKED.map((key) => explainSuggestion(key, lang)),
  };
}

export function statusListAnswer(lang: Lang): Answer {
  const t = translator(lang);
  const groups = Object.keys(STATUS_GROUPS) as StatusGroup[];
  const titles = (group: StatusGroup): string[] => STATUS_GROUPS[group].map((key) => statusEntry(key, lang).title);
  const count = groups.reduce((sum, group) => sum + STATUS_GROUPS[group].length, 0);
  return {
    kind: 'status.list',
    language: lang,
    text: t('list.text', { groups: groups.map((group) => `**${t(`groupPlural.${group}`)}:** ${titles(group).join(', ')}`).join('\n\n') }),
    card: {
      title: t('list.title'),
      subtitle: t('list.subtitle', { count }),
      sections: groups.map((group) => ({
        heading: t(`groupPlural.${group}`),
        bullets: STATUS_GROUPS[group].map((key) => {
          const entry = statusEntry(key, lang);
          return `**${entry.title}**: ${entry.tagline}`;
        }),
      })),
    },
    suggestions: [...MOST_ASKED.slice(0, 4).map((key) => explainSuggestion(key, lang)), { label: t('suggest.otherLanguage'), text: t('suggest.otherLanguage') }],
  };
}
