import { allEntries } from '../content/knowledgeBase';
import { LANGUAGES, type Lang } from '../domain/language';
import { LANGUAGE_PARTS } from './languages';
import { LEXICONS } from './lexicon';
import { foldCase, normalize } from './normalize';

/** A one-word label this long or longer ("programada", "busy") is a word of its language. */
const MIN_ONE_WORD_LABEL = 5;
const SPANISH_LETTERS = /[áéíóúñü]/i;
const QUOTED = /["“«]([^"”»]{1,80})["”»]|(?:^|\s)['‘]([^'’]{1,80})['’](?=\s|$|[?.,!:;])/g;

interface Span {
  start: number;
  end: number;
}

let labelLanguages: Map<string, Set<Lang>> | undefined;
/** The languages whose guide uses a status label or alias ("buzon de voz": Spanish; "bad connection": both). */
function languagesOfLabel(term: string): ReadonlySet<Lang> | undefined {
  if (!labelLanguages) {
    labelLanguages = new Map();
    for (const lang of LANGUAGES) {
      const phrases = [...allEntries(lang).flatMap((entry) => [entry.title, ...entry.aliases]), ...Object.values(LEXICONS[lang].statusPhrases).flat()];
      for (const phrase of phrases) {
        const key = normalize(phrase);
        labelLanguages.set(key, (labelLanguages.get(key) ?? new Set<Lang>()).add(lang));
      }
    }
  }
  return labelLanguages.get(term);
}

/** Words the user quoted: screen labels ("'Final disposition'") that say nothing of the language they write in. */
function quotedWords(cleaned: string): Set<string> {
  const words = new Set<string>();
  for (const m of cleaned.matchAll(QUOTED)) for (const word of foldCase(m[1] ?? m[2] ?? '').split(/[^a-z0-9]+/)) if (word) words.add(word);
  return words;
}

/**
 * Counts each language's marker words; Spanish punctuation and accented words count too. Campaign names, status labels
 * and quoted words count only as the one vote of the label's language: people write "¿el estado Bad Connection dura para siempre?" in Spanish around the screen's English.
 * Returns undefined when the text does not say (a bare "IVR", "bussy??", "C-1042"), so the caller can fall back to the
 * locale or the user's habit.
 */
export function detectLanguage(cleaned: string, tokens: readonly string[], labels: readonly Span[]): Lang | undefined {
  const quoted = quotedWords(cleaned);
  const accented = new Set(cleaned.split(/\s+/).filter((word) => SPANISH_LETTERS.test(word)).flatMap((word) => foldCase(word).split(/[^a-z0-9]+/)));
  const score: Record<Lang, number> = { en: 0, es: 0 };
  let accents = false;
  tokens.forEach((token, i) => {
    // a one-word label is a word of its language ("completada"); labels of several words are often the screen's English
    if (quoted.has(token)) return;
    if (accented.has(token)) accents = true;
    if (labels.some((span) => span.end - span.start > 1 && i >= span.start && i < span.end)) return;
    for (const lang of LANGUAGES) if (LANGUAGE_PARTS[lang].markers.has(token)) score[lang] += 1;
  });
  // a label of several words in one language only ("buzón de voz", "no answer") still says which, unless quoted
  for (const span of labels) {
    const term = tokens.slice(span.start, span.end).join(' ');
    // one short word ("ivr", "dnc") is shared by both languages whatever the guides say
    if (span.end - span.start < 2 && term.length < MIN_ONE_WORD_LABEL) continue;
    const langs = quoted.has(tokens[span.start]) ? undefined : languagesOfLabel(term);
    if (langs?.size === 1) for (const lang of langs) score[lang] += 1;
  }
  if (/[¿¡]/.test(cleaned)) score.es += 1.5;
  if (accents) score.es += 1;
  const diff = score.es - score.en;
  if (Math.abs(diff) < 1) return undefined;
  return diff > 0 ? 'es' : 'en';
}
