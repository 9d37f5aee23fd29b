import { LANGUAGES, type Lang } from '../core/language';
import { LANGUAGE_PARTS } from './languages';
import { foldCase } from './normalize';

export type LanguageSource = 'text' | 'locale' | 'user' | 'default';

const SPANISH_LETTERS = /[áéíóúñü]/i;
const QUOTED = /["“«]([^"”»]{1,80})["”»]|(?:^|\s)['‘]([^'’]{1,80})['’](?=\s|$|[?.,!:;])/g;

interface Span {
  start: number;
  end: number;
}

/** Words the user quoted: screen labels ("'Is this result Final'") that say nothing of the language they write in. */
function quotedWords(cleaned: string): Set<string> {
  const words = new Set<string>();
  for (const m of cleaned.matchAll(QUOTED)) for (const word of foldCase(m[1] ?? m[2] ?? '').split(/[^a-z0-9]+/)) if (word) words.add(word);
  return words;
}

/**
 * Counts each language's marker words; Spanish punctuation and accented words count too. Campaign names, status labels
 * and quoted words are left out: people write "¿Bad Connection es permanente?" in Spanish around the screen's English.
 * Returns undefined when the text does not say (a bare "IVR", "bussy??", "C-1042"), so the caller can fall back to the
 * locale or the user's habit.
 */
export function detectLanguage(cleaned: string, tokens: readonly string[], labels: readonly Span[]): Lang | undefined {
  const quoted = quotedWords(cleaned);
  const accented = new Set(cleaned.split(/\s+/).filter((word) => SPANISH_LETTERS.test(word)).flatMap((word) => foldCase(word).split(/[^a-z0-9]+/)));
  const score: Record<Lang, number> = { en: 0, es: 0 };
  let accents = false;
  tokens.forEach((token, i) => {
    if (quoted.has(token) || labels.some((span) => i >= span.start && i < span.end)) return;
    for (const lang of LANGUAGES) if (LANGUAGE_PARTS[lang].markers.has(token)) score[lang] += 1;
    if (accented.has(token)) accents = true;
  });
  if (/[¿¡]/.test(cleaned)) score.es += 1.5;
  if (accents) score.es += 1;
  const diff = score.es - score.en;
  if (Math.abs(diff) < 1) return undefined;
  return diff > 0 ? 'es' : 'en';
}
